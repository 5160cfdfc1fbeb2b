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
    public static string Chat(SupportMessage message, TimeZoneInfo zone, bool isRead) => Frame("chat", Record(message, zone, isRead));

    /// <summary>To the user: the new agent (<c>avater</c> repeats <c>avatar</c>: the original client reads that typo).</summary>
    public static string TransferredTo(long kefuId, string nickname, string? avatar) =>
        Frame("transfer", new JsonObject { ["id"] = kefuId, ["nickname"] = nickname, ["avatar"] = avatar ?? "", ["avater"] = avatar ?? "" });

    public static string TransferSent() => Frame("transfer", new JsonObject { ["status"] = "send_success" });

    /// <summary>To the new agent: the relation with the user, online.</summary>
    public static string TransferReceived(long shopId, long userId, long kefuId, string nickname, string? avatar) =>
        Frame("transfer", new JsonObject
        {
            ["status"] = "get_success",
            ["user"] = new JsonObject
            {
                ["shop_id"] = shopId,
                ["user_id"] = userId,
                ["kefu_id"] = kefuId,
                ["nickname"] = nickname,
                ["avatar"] = avatar ?? "",
                ["online"] = 1,
            },
        });

    /// <summary><c>read</c> to the writer of what became read: <c>read_to</c> is the last read record's id (a string).</summary>
    public static string Read(long shopId, long userId, long kefuId, long readTo) =>
        Frame("read", new JsonObject
        {
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["kefu_id"] = kefuId,
            ["read_to"] = readTo.ToString(CultureInfo.InvariantCulture),
        });

    /// <summary><c>user_online</c> to an agent: the relation with <c>online</c> 1 or 0.</summary>
    public static string UserOnline(long shopId, long userId, long kefuId, string nickname, string? avatar, int? client, bool online) =>
        Frame("user_online", new JsonObject
        {
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["kefu_id"] = kefuId,
            ["nickname"] = nickname,
            ["avatar"] = avatar ?? "",
            ["client"] = client ?? 0,
            ["online"] = online ? 1 : 0,
        });

    /// <summary>Extension: the counterpart is typing (relayed, never stored).</summary>
    public static string Typing(long shopId, string fromType, long fromId) =>
        Frame("typing", new JsonObject { ["shop_id"] = shopId, ["from_id"] = fromId, ["from_type"] = fromType });

    /// <summary>Extension: the answer to <c>sync</c>, records oldest first.</summary>
    public static string Sync(long shopId, long userId, long afterSeq, IReadOnlyList<SupportMessage> records, TimeZoneInfo zone, ReadWatermarks read, bool more) =>
        Frame("sync", new JsonObject
        {
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["after_seq"] = afterSeq,
            ["list"] = new JsonArray([.. records.Select(r => (JsonNode)Record(r, zone, read.IsRead(r)))]),
            ["more"] = more ? 1 : 0,
        });

    public static JsonObject Record(SupportMessage message, TimeZoneInfo zone, bool isRead)
    {
        var seconds = message.CreatedAt.ToUnixTimeSeconds();
        var record = new JsonObject
        {
            ["shop_id"] = message.ShopId,
            ["from_id"] = message.FromId,
            ["from_type"] = message.FromType,
            ["to_id"] = message.ToId,
            ["to_type"] = message.ToType,
            ["msg"] = WebUtility.HtmlEncode(message.Msg),
            ["msg_type"] = message.MsgType,
            ["is_read"] = isRead ? 1 : 0,
            ["create_time"] = PlatformTime.Format(message.CreatedAt, zone),
            ["update_time"] = seconds,
            ["id"] = message.Seq.ToString(CultureInfo.InvariantCulture),
            ["from_avatar"] = message.FromAvatar ?? "",
            ["from_nickname"] = message.FromNickname,
            ["create_time_stamp"] = seconds,
            ["goods"] = message.Goods is { } goods
                ? new JsonObject { ["id"] = goods.Id, ["image"] = goods.Image ?? "", ["min_price"] = goods.MinPrice ?? "", ["name"] = goods.Name }
                : new JsonArray(),
            ["seq"] = message.Seq,
        };
        if (message.ClientMsgId is not null)
        {
            record["client_msg_id"] = message.ClientMsgId;
        }
        return record;
    }

    private static string Frame(string name, JsonNode data) =>
        new JsonObject { ["event"] = name, ["data"] = data }.ToJsonString(Options);
}

/// <summary>A client frame: its event name and data object.</summary>
public sealed record LikeshopFrame(string Event, JsonObject Data)
{
    /// <summary>Null when the frame is not <c>{"event":"…","data":{…}}</c> JSON.</summary>
    public static LikeshopFrame? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            if (JsonNode.Parse(utf8) is not JsonObject root || root["event"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
            {
                return null;
            }
            return new LikeshopFrame(name.GetValue<string>(), root["data"] as JsonObject ?? []);
        }
        catch (JsonException)
        {
            return null;
        }
    }

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
