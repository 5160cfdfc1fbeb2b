using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kfk.Functions.Hosting;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>The document's request examples are requests the app accepts: sent as they are, in the order an
/// integration makes them, each answers 2xx.</summary>
public sealed class OpenApiExamplesTests
{
    /// <summary>Every operation with examples except CreateWebhook, whose example URL would be resolved outside 127.0.0.1.</summary>
    private static readonly string[] InOrder =
        ["UpsertShop", "UpsertUser", "UpsertGoods", "UpsertOrder", "CreateToken", "Negotiate", "CreateAgent", "CreateQuickReply", "OpenDispute", "ActOnDispute"];

    [Fact]
    public async Task EveryRequestExample_IsAccepted_WhenSentInIntegrationOrder()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var platform = app.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        using var document = JsonDocument.Parse(await platform.GetStringAsync("/api/v1/openapi.json"));
        var operations = ApiOperation.All(document.RootElement)
            .Where(o => o.Operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").GetProperty("application/json").TryGetProperty("examples", out _))
            .ToDictionary(o => o.Operation.GetProperty("operationId").GetString()!);
        Assert.Equal(InOrder.Append("CreateWebhook").Order(StringComparer.Ordinal), operations.Keys.Order(StringComparer.Ordinal));

        var pathValues = new Dictionary<string, string>
        {
            ["shop_id"] = OpenApiExamples.ShopId, ["user_id"] = OpenApiExamples.UserId, ["goods_id"] = OpenApiExamples.GoodsId,
            ["order_sn"] = OpenApiExamples.OrderSn,
        };
        var tokens = new Dictionary<string, string>(); // by the CreateToken example (its kind)
        foreach (var id in InOrder)
        {
            var operation = operations[id];
            var url = pathValues.Aggregate(operation.Path, (path, value) => path.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));
            var examples = operation.Operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("examples");
            foreach (var example in examples.EnumerateObject())
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method), url)
                {
                    Content = new StringContent(example.Value.GetProperty("value").GetRawText(), Encoding.UTF8, "application/json"),
                };
                if (id == "Negotiate")
                {
                    // The likeshop hub takes user tokens, the kfk hub an order's buyer (NegotiateApi).
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[example.Name == "likeshop" ? "user" : "buyer_order"]);
                }
                using var response = await (id == "Negotiate" ? app.CreateClient() : platform).SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();

                Assert.True(response.IsSuccessStatusCode, $"{operation} example '{example.Name}': {(int)response.StatusCode} {body}");
                if (id == "OpenDispute")
                {
                    pathValues["report_id"] = JsonDocument.Parse(body).RootElement.GetProperty("report_id").GetRawText();
                }
                if (id == "CreateToken")
                {
                    tokens[example.Name] = JsonDocument.Parse(body).RootElement.GetProperty("token").GetString()!;
                }
            }
        }
    }
}
