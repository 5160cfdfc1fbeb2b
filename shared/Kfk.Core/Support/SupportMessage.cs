using System.Text.Json.Nodes;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;

namespace Kfk.Core.Support;

/// <summary>The two sides of a support conversation: the buyer (<c>user</c>) and the shop's agent (<c>kefu</c>).</summary>
public static class Party
{
    public const string User = "user";
    public const string Kefu = "kefu";

    /// <summary>The realtime user id of a party's <paramref name="id"/>: <c>user:12</c>, <c>kefu:7</c>.</summary>
    public static string RealtimeUserId(string party, long id) => party == User ? RealtimeUserIds.User(id) : RealtimeUserIds.Kefu(id);
}

/// <summary>The record <c>type</c> of the likeshop wire: a chat message, or a notice (the buyer page draws it as a grey line).</summary>
public static class SupportRecordType
{
    public const int Message = 1;
    public const int Notice = 2;
}

public static class SupportMessageType
{
    public const int Text = 1;
    public const int Image = 2;
    public const int Goods = 3;
}

/// <summary>The snapshot of a goods record a goods message keeps (the platform's record may change later).</summary>
public sealed record GoodsSnapshot(long Id, string? Image, string? MinPrice, string Name)
{
    public static GoodsSnapshot Of(Goods goods) => new(goods.Id, goods.Image, goods.MinPrice, goods.Name);

    /// <summary>The snapshot as JSON, its image address as <paramref name="address"/> writes it.</summary>
    public JsonObject ToJson(Func<string?, string> address) =>
        new() { ["id"] = Id, ["image"] = address(Image), ["min_price"] = MinPrice ?? "", ["name"] = Name };

    /// <summary>
    /// The text a goods message stores as its <c>msg</c>: the JSON with the absolute image address. The default encoder
    /// writes <c>&lt; &gt; &amp; ' "</c> (and non-ASCII) as <c>\uXXXX</c>, so the text is inert in HTML and parses back
    /// to the raw values.
    /// </summary>
    public string ToText() => ToJson(url => url ?? "").ToJsonString();
}

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

/// <summary>
/// The conversation's <c>meta</c> row: its last seq, the serving agent and the last chat message (notices never
/// replace it). <see cref="LastFrom"/> and <see cref="LastMessageSeq"/> (the seq of that message) are null for rows
/// written before they were kept.
/// </summary>
public sealed record ConversationSummary(
    long LastSeq, long? Assignee, string LastMsg, int LastMsgType, DateTimeOffset? LastAt, string? LastFrom, long? LastMessageSeq);

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
