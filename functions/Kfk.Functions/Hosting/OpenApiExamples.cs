using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Kfk.Functions.Hosting;

/// <summary>
/// Request and response examples for the main operations, by operation id (the endpoint's name). Every request example
/// is one the app accepts (OpenApiExamplesTests sends them), so they can be pasted into the reference page as they are.
/// </summary>
public static class OpenApiExamples
{
    /// <summary>The ids the examples use (the examples' paths take them; OpenApiExamplesTests fills the paths with them).</summary>
    public const string ShopId = "1", UserId = "10001", GoodsId = "501", OrderSn = "202605011230001";

    private const string Time = "2026-05-01T12:30:00+08:00";

    private static readonly Dictionary<string, (string Name, string Summary, string Json)[]> Requests = new(StringComparer.Ordinal)
    {
        ["CreateToken"] =
        [
            ("user", "A buyer on one client (6: H5)", """{"kind":"user","user_id":10001,"client":6}"""),
            ("buyer_order", "The buyer of one order", """{"kind":"buyer_order","order_sn":"202605011230001"}"""),
            ("shop", "A shop's agents, for a day", """{"kind":"shop","shop_id":1,"ttl_seconds":86400}"""),
        ],
        ["Negotiate"] =
        [
            ("likeshop", "A buyer's user token (or an agent's session): the likeshop hub", """{"hub":"likeshop"}"""),
            ("kfk", "An order's buyer, a shop or staff: the kfk hub", """{"hub":"kfk"}"""),
        ],
        ["UpsertShop"] =
        [
            ("shop", "A shop with online chat", """{"name":"Demo tea shop","avatar":"https://shop.example.com/logo.png","online_service":true,"offline_message":"Our agents are back at 9:00."}"""),
        ],
        ["UpsertUser"] =
        [
            ("user", "A buyer", $$"""{"nickname":"Li Lei","avatar":"https://shop.example.com/u/10001.png","mobile":"13800001234","sn":"U10001","level":1,"level_name":"Member","total_order_amount":"128.00","client":6,"create_time":"{{Time}}"}"""),
        ],
        ["UpsertGoods"] =
        [
            ("goods", "A goods item", """{"shop_id":1,"name":"Green tea 250 g","image":"https://shop.example.com/g/501.png","min_price":"39.90"}"""),
        ],
        ["UpsertOrder"] =
        [
            ("order", "An order with one line", $$"""{"shop_id":1,"user_id":10001,"order_type":0,"order_type_text":"Normal","order_status":1,"order_status_text":"To ship","order_amount":"79.80","create_time":"{{Time}}","goods":[{"goods_id":501,"name":"Green tea 250 g","image":"https://shop.example.com/g/501.png","price":"39.90","num":2,"spec_value":"250 g"}]}"""),
        ],
        ["CreateAgent"] =
        [
            ("agent", "An agent of shop 1", """{"shop_id":1,"account":"alice","password":"correct-horse-battery","nickname":"Alice","role":"kefu"}"""),
        ],
        ["CreateQuickReply"] = [("reply", "A canned answer", """{"title":"Shipping time","content":"Orders ship within 48 hours.","sort":1}""")],
        ["OpenDispute"] =
        [
            ("dispute", "A damaged parcel", """{"order_sn":"202605011230001","amount":"79.80","reason":"The parcel arrived damaged.","customer_contact":"Li Lei","customer_phone":"13800001234"}"""),
        ],
        ["ActOnDispute"] = [("handle", "The shop takes the case", """{"action":"handle","note":"We will send a replacement."}""")],
        ["CreateWebhook"] =
        [
            ("webhook", "Unread messages and disputes", """{"url":"https://platform.example.com/kfk/webhooks","events":["message.unread","dispute.opened"]}"""),
        ],
    };

    private static readonly Dictionary<string, (string Status, string Json)> Responses = new(StringComparer.Ordinal)
    {
        ["CreateToken"] = ("201", """{"token":"kfk_3q2-7Wb…","expires_at":"2026-05-02T04:30:00+00:00","kind":"user"}"""),
    };

    public static OpenApiOptions AddKfkExamples(this OpenApiOptions options) => options.AddOperationTransformer((operation, _, _) =>
    {
        if (operation.OperationId is not { } id)
        {
            return Task.CompletedTask;
        }
        if (Requests.TryGetValue(id, out var examples) && operation.RequestBody?.Content is { } content && content.TryGetValue("application/json", out var json))
        {
            json.Examples = examples.ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = JsonNode.Parse(e.Json) });
        }
        if (Responses.TryGetValue(id, out var response) && operation.Responses?.TryGetValue(response.Status, out var answer) == true
            && answer.Content?.TryGetValue("application/json", out var body) == true)
        {
            body.Example = JsonNode.Parse(response.Json);
        }
        return Task.CompletedTask;
    });
}
