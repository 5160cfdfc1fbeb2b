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
