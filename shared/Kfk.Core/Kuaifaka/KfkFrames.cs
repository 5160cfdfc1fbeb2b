using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.Core.Common;
using Kfk.Core.Disputes;

namespace Kfk.Core.Kuaifaka;

/// <summary>
/// The kfk wire frames, <c>{"msg":…,"from":…,"time":…,"data":{"content":…,"type":…}}</c>, with the field names, JSON
/// types and literal strings of the legacy protocol (kfk-dialect.md). Text content is HTML-escaped on the way out.
/// </summary>
public static class KfkFrames
{
    public const string Pong = "pong";
    public const string LoginSucceeded = "登陆成功";

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Error(string reason, DateTimeOffset now) => SysText("error", reason, now);

    public static string TokenInvalid(DateTimeOffset now) => SysText("token_invalid", "验证失败", now);

    public static string NoLogin(DateTimeOffset now) => SysText("no_login", "请先登录", now);

    /// <summary>Exactly the legacy shape: no <c>time</c>; <c>content</c> the shop id (number) for merchant roles, else "登陆成功".</summary>
    public static string LoginSuccess(long? shopId) =>
        Serialize(new JsonObject
        {
            ["msg"] = "login_success",
            ["from"] = "sys",
            ["data"] = new JsonObject { ["content"] = shopId is { } id ? JsonValue.Create(id) : JsonValue.Create(LoginSucceeded), ["type"] = "text" },
        });

    /// <summary>A message to the others in the room (<c>from</c> from the stored sender, never from the client).</summary>
    public static string Message(RoomMessage message) =>
        Serialize(new JsonObject
        {
            ["msg"] = "success",
            ["from"] = RoomSender.From(message.Type),
            ["time"] = message.CreatedAt.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["content"] = Escape(message.Content), ["type"] = message.ContentType },
            ["id"] = message.Seq,
            ["seq"] = message.Seq,
        });

    /// <summary>A live notice that is not stored (safety tip, civility).</summary>
    public static string Notice(string text, DateTimeOffset now) => SysText("success", text, now);

    public static string ReportDetail(JsonObject content) =>
        Serialize(new JsonObject
        {
            ["msg"] = "success",
            ["from"] = "sys",
            ["data"] = new JsonObject { ["content"] = content, ["type"] = "report_detail" },
        });

    public static string MessageList(RoomPage page) =>
        Serialize(new JsonObject
        {
            ["msg"] = "success",
            ["from"] = "sys",
            ["data"] = new JsonObject
            {
                ["content"] = new JsonObject
                {
                    ["total"] = page.Total,
                    ["per_page"] = page.PerPage,
                    ["current_page"] = page.CurrentPage,
                    ["last_page"] = page.LastPage,
                    ["data"] = new JsonArray([.. page.NewestFirst.Select(m => (JsonNode)new JsonObject
                    {
                        ["order_num"] = m.OrderSn,
                        ["type"] = m.Type,
                        ["content"] = Escape(m.Content),
                        ["created_at"] = m.CreatedAt.ToUnixTimeSeconds(),
                        ["content_type"] = m.ContentType,
                        ["id"] = m.Seq,
                    })]),
                },
                ["type"] = "msg_list",
            },
        });

    /// <summary>
    /// The new report_detail content. The phone is masked for resellers and suppliers; labels carry full-width colons.
    /// </summary>
    public static JsonObject ReportContent(Dispute dispute, DisputeShops shops, bool maskPhone, bool operationAuthority, DateTimeOffset now, PlatformTimeZone zone) =>
        new()
        {
            ["account_id"] = dispute.ShopId,
            ["roll_money"] = dispute.Refunded ? 1 : 0,
            ["report_id"] = dispute.ReportId,
            ["order_num"] = dispute.OrderSn,
            ["amount"] = dispute.Amount,
            ["customer_contact"] = "买家QQ：" + (dispute.CustomerContact ?? ""),
            ["reason"] = "投诉原因：" + dispute.Reason,
            ["report_finish"] = dispute.Finished ? 1 : 0,
            ["created_at"] = zone.Format(dispute.CreatedAt),
            ["customer_phone"] = "买家手机：" + (maskPhone ? MaskPhone(dispute.CustomerPhone) : dispute.CustomerPhone ?? ""),
            ["state"] = DisputeState.Text(dispute, now),
            ["proxy_head_img_url"] = shops.Proxy?.Avatar ?? "",
            ["top_proxy_head_img_url"] = shops.TopProxy?.Avatar ?? "",
            ["show_name"] = shops.Merchant?.Name ?? "",
            ["report_handle"] = dispute.Handled ? "1" : "0",
            ["head_img_url"] = shops.Merchant?.Avatar ?? "",
            ["operation_authority"] = operationAuthority ? 1 : 0,
        };

    /// <summary><c>13560822174</c> → <c>135****2174</c> (the middle four digits).</summary>
    public static string MaskPhone(string? phone) => phone switch
    {
        null or "" => "",
        { Length: >= 11 } p => string.Concat(p.AsSpan(0, p.Length - 8), "****", p.AsSpan(p.Length - 4)),
        { Length: >= 7 } p => string.Concat(p.AsSpan(0, 3), "****", p.AsSpan(p.Length - 4)),
        _ => "****",
    };

    /// <summary>HTML-escapes <c>&lt; &gt; &amp; " '</c> (legacy clients render content into web views).</summary>
    public static string Escape(string text)
    {
        if (text.AsSpan().IndexOfAny("<>&\"'") < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '&' => escaped.Append("&amp;"),
                '"' => escaped.Append("&quot;"),
                '\'' => escaped.Append("&#039;"),
                _ => escaped.Append(c),
            };
        }
        return escaped.ToString();
    }

    private static string SysText(string msg, string content, DateTimeOffset now) =>
        Serialize(new JsonObject
        {
            ["msg"] = msg,
            ["from"] = "sys",
            ["time"] = now.ToUnixTimeSeconds(),
            ["data"] = new JsonObject { ["content"] = content, ["type"] = "text" },
        });

    private static string Serialize(JsonObject frame) => frame.ToJsonString(Options);
}
