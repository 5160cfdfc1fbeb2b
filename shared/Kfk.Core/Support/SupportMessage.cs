namespace Kfk.Core.Support;

public static class Party
{
    public const string User = "user";
    public const string Kefu = "kefu";
}

public static class SupportMessageType
{
    public const int Text = 1;
    public const int Image = 2;
    public const int Goods = 3;
}

/// <summary>The snapshot of a goods record a goods message keeps (the platform's record may change later).</summary>
public sealed record GoodsSnapshot(long Id, string? Image, string? MinPrice, string Name);

/// <summary>
/// One stored record of a support conversation (one user ↔ one shop). <see cref="Seq"/> is gapless per
/// conversation; <see cref="RecordType"/> 1 is a chat message, 2 a notice (excluded from the agent's history);
/// <see cref="FromClient"/> is the legacy client code of the sender's device, when known.
/// The text is stored raw; dialects escape it on output.
/// </summary>
public sealed record SupportMessage(
    long Seq,
    long ShopId,
    long UserId,
    string FromType,
    long FromId,
    string ToType,
    long ToId,
    string Msg,
    int MsgType,
    GoodsSnapshot? Goods,
    string FromNickname,
    string? FromAvatar,
    DateTimeOffset CreatedAt,
    string? ClientMsgId,
    int RecordType = 1,
    int? FromClient = null)
{
    /// <summary>The agent on the conversation's side of this record: after it is stored, that agent serves the user.</summary>
    public long KefuId => FromType == Party.Kefu ? FromId : ToId;
}

/// <summary>Read = "up to seq N" per side.</summary>
public sealed record ReadWatermarks(long UserReadSeq, long KefuReadSeq)
{
    /// <summary>A record is read when its recipient's watermark has passed it.</summary>
    public bool IsRead(SupportMessage message) => message.Seq <= (message.FromType == Party.User ? KefuReadSeq : UserReadSeq);
}

public sealed record AppendResult(SupportMessage Message, bool Duplicate);

public interface ISupportStore
{
    /// <summary>
    /// Stores the message with the conversation's next seq (its own <c>Seq</c> is ignored) and updates the summary,
    /// atomically. A message whose <c>ClientMsgId</c> was stored before returns that record with <c>Duplicate</c>
    /// set, and stores nothing.
    /// </summary>
    Task<AppendResult> AppendAsync(SupportMessage draft, CancellationToken cancellationToken);

    /// <summary>Creates or refreshes the agent's relation with the user (its conversation list row).</summary>
    Task TouchRelationAsync(long shopId, long userId, long kefuId, DateTimeOffset at, InboxUser user, CancellationToken cancellationToken);

    /// <summary>The agent's conversation list, most recent first (one partition query).</summary>
    Task<IReadOnlyList<InboxEntry>> InboxAsync(long kefuId, CancellationToken cancellationToken);

    /// <summary>Marks the agent's list row as read up to <paramref name="upToSeq"/> (one write).</summary>
    Task MarkInboxReadAsync(long kefuId, long shopId, long userId, long upToSeq, CancellationToken cancellationToken);

    /// <summary>Moves one side's read watermark to <paramref name="upToSeq"/> (never backwards): one write.</summary>
    Task MarkReadAsync(long shopId, long userId, string reader, long upToSeq, CancellationToken cancellationToken);

    /// <summary>How far each side has read.</summary>
    Task<ReadWatermarks> ReadWatermarksAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The agent currently serving the user (of the last stored record), if any.</summary>
    Task<long?> AssigneeAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>How many conversations the agent had activity in since <paramref name="since"/> (its inbox).</summary>
    Task<int> CountActiveConversationsAsync(long kefuId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>True when the user and the shop have talked (the conversation exists).</summary>
    Task<bool> HasConversationAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The conversation's last seq; 0 when it has no record.</summary>
    Task<long> LastSeqAsync(long shopId, long userId, CancellationToken cancellationToken);

    /// <summary>The records with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/>, oldest first (one range query).</summary>
    Task<IReadOnlyList<SupportMessage>> ReadRangeAsync(long shopId, long userId, long fromSeq, long toSeq, CancellationToken cancellationToken);
}
