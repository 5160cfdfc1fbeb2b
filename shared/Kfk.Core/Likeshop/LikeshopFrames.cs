using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.Core.Common;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>
/// The likeshop wire frames, <c>{"event":"…","data":{…}}</c>, with the field names, JSON types and literal strings of
/// the legacy protocol (likeshop-dialect.md).
/// </summary>
public static class LikeshopFrames
{
    public const string ConnectedMessage = "连接成功";

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Ping(DateTimeOffset now) => Frame("ping", new JsonObject { ["client_time"] = now.ToUnixTimeSeconds() });

    public static string Login() => Frame("login", new JsonObject { ["msg"] = ConnectedMessage, ["msg_type"] = 1 });

    public static string Error(string message) => Frame("error", new JsonObject { ["msg"] = message, ["msg_type"] = 1 });

    /// <summary>A stored record as the <c>chat</c> event: <c>id</c> a string, ids numbers, text HTML-escaped.</summary>
    public static string Chat(SupportMessage message, PlatformTimeZone zone, bool isRead, LikeshopUrls? urls = null) =>
        Frame("chat", Record(message, zone, isRead, urls));

    /// <summary>To the user: the new agent (<c>avater</c> repeats <c>avatar</c>: the original client reads that typo).</summary>
    public static string TransferredTo(long kefuId, string nickname, string? avatar) =>
        Frame("transfer", new JsonObject { ["id"] = kefuId, ["nickname"] = nickname, ["avatar"] = avatar ?? "", ["avater"] = avatar ?? "" });

    public static string TransferSent() => Frame("transfer", new JsonObject { ["status"] = "send_success" });

    /// <summary>To the new agent: its conversation-list row for the user (<see cref="Relation"/>), online.</summary>
    public static string TransferReceived(JsonObject relation) =>
        Frame("transfer", new JsonObject { ["status"] = "get_success", ["user"] = relation });

    /// <summary><c>read</c> to the writer of what became read: <c>read_to</c> is the last read record's id (a string).</summary>
    public static string Read(long shopId, long userId, long kefuId, long readTo) =>
        Frame("read", new JsonObject
        {
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["kefu_id"] = kefuId,
            ["read_to"] = readTo.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary><c>user_online</c> to an agent: its conversation-list row for the user (<see cref="Relation"/>), <c>online</c> 1 or 0.</summary>
    public static string UserOnline(JsonObject relation) => Frame("user_online", relation);

    /// <summary>
    /// A row of an agent's conversation list, as <c>/kefuapi/chat/user</c> lists it and as <c>user_online</c> and
    /// <c>get_success</c> push it (the workbench inserts pushed rows into its list as they are): <c>id</c> is the user's id,
    /// <c>msg</c> the last message HTML-escaped (goods as their snapshot's JSON text), <c>update_time</c> a
    /// <c>yyyy-MM-dd HH:mm:ss</c> text ("" before the first message).
    /// </summary>
    public static JsonObject Relation(long shopId, long userId, long kefuId, InboxUser user, InboxEntry? entry, bool online, PlatformTimeZone zone,
        LikeshopUrls? urls = null)
    {
        urls ??= LikeshopUrls.AbsoluteOnly;
        var hasMessage = entry is { LastSeq: > 0 };
        return new JsonObject
        {
            ["id"] = userId,
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["kefu_id"] = kefuId,
            ["nickname"] = user.Nickname,
            ["avatar"] = urls.Prefixed(user.Avatar),
            ["client"] = user.Client ?? 0,
            ["client_desc"] = LikeshopText.ClientDescription(user.Client),
            ["msg"] = hasMessage ? ListText(entry!.LastMsg, entry.LastMsgType, urls) : "",
            ["msg_type"] = hasMessage ? entry!.LastMsgType : SupportMessageType.Text,
            ["is_read"] = entry is null || entry.ReadByKefu ? 1 : 0,
            ["update_time"] = hasMessage ? zone.Format(entry!.LastAt) : "",
            ["online"] = online ? 1 : 0,
        };
    }

    /// <summary>Extension: the counterpart is typing (relayed, never stored).</summary>
    public static string Typing(long shopId, string fromType, long fromId) =>
        Frame("typing", new JsonObject { ["shop_id"] = shopId, ["from_id"] = fromId, ["from_type"] = fromType });

    /// <summary>Extension: the answer to <c>sync</c>, records oldest first.</summary>
    public static string Sync(long shopId, long userId, long afterSeq, IReadOnlyList<SupportMessage> records, PlatformTimeZone zone, ReadWatermarks read, bool more,
        LikeshopUrls? urls = null) =>
        Frame("sync", new JsonObject
        {
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["after_seq"] = afterSeq,
            ["list"] = new JsonArray([.. records.Select(r => (JsonNode)Record(r, zone, read.IsRead(r), urls))]),
            ["more"] = more ? 1 : 0,
        });

    public static JsonObject Record(SupportMessage message, PlatformTimeZone zone, bool isRead, LikeshopUrls? urls = null)
    {
        urls ??= LikeshopUrls.AbsoluteOnly;
        var seconds = message.CreatedAt.ToUnixTimeSeconds();
        var record = new JsonObject
        {
            ["shop_id"] = message.ShopId,
            ["from_id"] = message.FromId,
            ["from_type"] = message.FromType,
            ["to_id"] = message.ToId,
            ["to_type"] = message.ToType,
            ["msg"] = message switch
            {
                { Goods: { } snapshot } => GoodsText(snapshot, urls),
                { MsgType: SupportMessageType.Image } => WebUtility.HtmlEncode(urls.Prefixed(message.Msg)),
                // Kfk's own text, which the buyer page shows as plain text (not HTML).
                { RecordType: SupportRecordType.Notice } => message.Msg,
                _ => WebUtility.HtmlEncode(message.Msg),
            },
            ["msg_type"] = message.MsgType,
            ["is_read"] = isRead ? 1 : 0,
            ["create_time"] = zone.Format(message.CreatedAt),
            ["update_time"] = seconds,
            ["id"] = message.Seq.ToString(CultureInfo.InvariantCulture),
            ["from_avatar"] = urls.Prefixed(message.FromAvatar),
            ["from_nickname"] = message.FromNickname,
            ["create_time_stamp"] = seconds,
            ["goods"] = message.Goods is { } goods ? GoodsObject(goods, urls) : new JsonArray(),
            ["seq"] = message.Seq,
            ["type"] = message.RecordType,
        };
        if (message.ClientMsgId is not null)
        {
            record["client_msg_id"] = message.ClientMsgId;
        }
        return record;
    }

    /// <summary>
    /// The goods snapshot as the JSON text a goods message's <c>msg</c> carries (the workbench parses it to draw the card).
    /// Not HTML-escaped: the default encoder already writes <c>&lt; &gt; &amp; ' "</c> as <c>\uXXXX</c>, so the text is
    /// inert in HTML and parses back to the raw values.
    /// </summary>
    public static string GoodsText(GoodsSnapshot goods, LikeshopUrls? urls = null) => GoodsObject(goods, urls ?? LikeshopUrls.AbsoluteOnly).ToJsonString();

    /// <summary>A list row's last message: HTML-escaped text, an image address as a record carries it, a goods message's JSON text.</summary>
    private static string ListText(string msg, int msgType, LikeshopUrls urls) => msgType switch
    {
        SupportMessageType.Goods when msg.StartsWith('{') => msg,
        SupportMessageType.Image => WebUtility.HtmlEncode(urls.Prefixed(msg)),
        _ => WebUtility.HtmlEncode(msg),
    };

    private static JsonObject GoodsObject(GoodsSnapshot goods, LikeshopUrls urls) => goods.ToJson(urls.Prefixed);

    private static string Frame(string name, JsonNode data) =>
        new JsonObject { ["event"] = name, ["data"] = data }.ToJsonString(Options);
}

/// <summary>A client frame: its event name and data object.</summary>
public sealed record LikeshopFrame(string Event, JsonObject Data)
{
    /// <summary>Null when the frame is not <c>{"event":"…","data":{…}}</c> JSON.</summary>
    public static LikeshopFrame? Parse(ReadOnlySpan<byte> utf8) =>
        SafeJson.ParseObject(utf8) is { } root && root["event"] is JsonValue name && name.GetValueKind() == JsonValueKind.String
            ? new LikeshopFrame(name.GetValue<string>(), root["data"] as JsonObject ?? [])
            : null;

    /// <summary>An id field sent as a string or a number (legacy clients send both).</summary>
    public long? Id(string field) => Data[field] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };

    public string? Text(string field) => Data[field] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
