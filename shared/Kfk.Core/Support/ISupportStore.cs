namespace Kfk.Core.Support;

public interface ISupportStore
{
    /// <summary>
    /// Stores the message with the conversation's next seq (its own <c>Seq</c> is ignored) and updates the summary,
    /// atomically. A message whose <c>ClientMsgId</c> (or, without one, <paramref name="idempotencyKey"/>: the upstream
    /// event's) was stored before returns that record with <c>Duplicate</c> set, and stores nothing.
    /// </summary>
    Task<AppendResult> AppendAsync(SupportMessage draft, string? idempotencyKey, CancellationToken cancellationToken);

    /// <summary>Creates or refreshes the agent's relation with the user (its conversation list row).</summary>
    Task TouchRelationAsync(long shopId, long userId, long kefuId, DateTimeOffset at, InboxUser user, CancellationToken cancellationToken);

    /// <summary>One row of the agent's conversation list; null when the agent has no relation with the user (one point read).</summary>
    Task<InboxEntry?> InboxEntryAsync(long kefuId, long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// A transfer: the user's row moves from the old agent's list to the new agent's, which takes the conversation's last chat
    /// message and whether the agents' side has read it (two reads, two writes). Returns the new row as the list shows it.
    /// </summary>
    Task<InboxEntry> HandOverAsync(long shopId, long userId, long fromKefuId, long toKefuId, InboxUser user, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// True when the user is a customer the agent may write to: the user has talked with the shop, or came online to this
    /// agent (its list has the user) so the agent can greet first.
    /// </summary>
    Task<bool> IsCustomerAsync(long shopId, long userId, long kefuId, CancellationToken cancellationToken);

    /// <summary>The conversation's summary; null when it has no record (one point read).</summary>
    Task<ConversationSummary?> SummaryAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>
    /// The agent's conversation list in its shop, most recent first: one range query, plus one point read for each of the
    /// most recent rows checked against its conversation (a store that writes its lists behind the messages).
    /// </summary>
    Task<IReadOnlyList<InboxEntry>> InboxAsync(long shopId, long kefuId, CancellationToken cancellationToken);

    /// <summary>Marks the agent's list row as read up to <paramref name="upToSeq"/> (written behind with the list, no transaction of its own).</summary>
    Task MarkInboxReadAsync(long kefuId, long shopId, long userId, long upToSeq, CancellationToken cancellationToken);

    /// <summary>Moves one side's read watermark to <paramref name="upToSeq"/> (never backwards): one write.</summary>
    Task MarkReadAsync(long shopId, long userId, string reader, long upToSeq, CancellationToken cancellationToken);

    /// <summary>How far each side has read.</summary>
    Task<ReadWatermarks> ReadWatermarksAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The agent currently serving the user (of the last stored record), if any.</summary>
    Task<long?> AssigneeAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>How many conversations the agent had activity in since <paramref name="since"/> (its inbox).</summary>
    Task<int> CountActiveConversationsAsync(long shopId, long kefuId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>True when the user and the shop have talked (the conversation exists).</summary>
    Task<bool> HasConversationAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The conversation's last seq; 0 when it has no record.</summary>
    Task<long> LastSeqAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The records with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/>, oldest first (one range query).</summary>
    Task<IReadOnlyList<SupportMessage>> ReadRangeAsync(long shopId, long userId, long fromSeq, long toSeq, CancellationToken cancellationToken);
}
