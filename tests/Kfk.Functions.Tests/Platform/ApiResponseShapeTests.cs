using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Platform;

/// <summary>
/// Golden shapes of the native API's responses: the exact JSON (property names, types, values, nulls left out) of a
/// sample shop, goods, order, quick reply and customer-service settings, written and read back. A rename of a response
/// type or of a Core record behind it fails here rather than reaching the platform.
/// </summary>
public sealed class ApiResponseShapeTests : IAsyncLifetime
{
    private const string UpdatedAt = "2031-05-17T03:21:09+00:00";

    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _goodsId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly string _sn = "shape" + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync();
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Shop_HasItsGoldenShape_WrittenAndRead()
    {
        var expected = $$"""
            {"id":{{_shopId}},"name":"Digital store","avatar":"https://img.example/shop.png","online_service":false,
             "customer_service":{"type":1,"wechat":"kfk666","phone":"400-000","business_time":"9:00-18:00","image":"https://img.example/card.png"},
             "offline_message":"Back at nine","updated_at":"{{UpdatedAt}}"}
            """;

        var written = await PutAsync($"/api/v1/shops/{_shopId}", new
        {
            name = "Digital store", avatar = "https://img.example/shop.png", online_service = false, offline_message = "Back at nine",
            customer_service = new { type = 1, wechat = "kfk666", phone = "400-000", business_time = "9:00-18:00", image = "https://img.example/card.png" },
        });
        var read = await GetAsync($"/api/v1/shops/{_shopId}");

        AssertShape(expected, written);
        AssertShape(expected, read);
    }

    [Fact]
    public async Task ShopWithoutOptionalFields_LeavesThemOut()
    {
        var written = await PutAsync($"/api/v1/shops/{_shopId}", new { name = "Bare" });

        AssertShape($$"""{"id":{{_shopId}},"name":"Bare","online_service":true,"updated_at":"{{UpdatedAt}}"}""", written);
    }

    [Fact]
    public async Task Goods_HasItsGoldenShape_WrittenAndRead()
    {
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "Digital store" });
        var expected = $$"""
            {"id":{{_goodsId}},"shop_id":{{_shopId}},"name":"Monthly card","image":"https://img.example/g.png","min_price":"9.90","updated_at":"{{UpdatedAt}}"}
            """;

        var written = await PutAsync($"/api/v1/goods/{_goodsId}", new { shop_id = _shopId, name = "Monthly card", image = "https://img.example/g.png", min_price = "9.90" });
        var read = await GetAsync($"/api/v1/goods/{_goodsId}");

        AssertShape(expected, written);
        AssertShape(expected, read);
    }

    [Fact]
    public async Task Order_HasItsGoldenShape_WrittenAndRead()
    {
        long proxy = _shopId + 1, top = _shopId + 2;
        foreach (var id in new[] { _shopId, proxy, top })
        {
            await PutAsync($"/api/v1/shops/{id}", new { name = "Shop " + id });
        }
        var expected = $$"""
            {"sn":"{{_sn}}","shop_id":{{_shopId}},"user_id":12,"order_type":1,"order_type_text":"Virtual","order_status":3,
             "order_status_text":"Done","order_amount":"19.80","create_time":"2030-02-01T00:00:00+00:00",
             "goods":[{"goods_id":88,"name":"Monthly card","image":"https://img.example/g.png","price":"9.90","num":2,"spec_value":"Red,XL"},
                      {"goods_id":89,"name":"Sticker","num":1}],
             "proxy_shop_id":{{proxy}},"top_proxy_shop_id":{{top}},"updated_at":"{{UpdatedAt}}"}
            """;

        var written = await PutAsync($"/api/v1/orders/{_sn}", new
        {
            shop_id = _shopId, user_id = 12, order_type = 1, order_type_text = "Virtual", order_status = 3, order_status_text = "Done",
            order_amount = "19.80", create_time = "2030-02-01T00:00:00Z", proxy_shop_id = proxy, top_proxy_shop_id = top,
            goods = new object[]
            {
                new { goods_id = 88, name = "Monthly card", image = "https://img.example/g.png", price = "9.90", num = 2, spec_value = "Red,XL" },
                new { goods_id = 89, name = "Sticker" },
            },
        });
        var read = await GetAsync($"/api/v1/orders/{_sn}");

        AssertShape(expected, written);
        AssertShape(expected, read);
    }

    [Fact]
    public async Task QuickReply_HasItsGoldenShape_CreatedUpdatedAndListed()
    {
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "Digital store" });

        using var created = await _platform.PostAsJsonAsync($"/api/v1/shops/{_shopId}/quick-replies", new { title = "Greeting", content = "Hello!", sort = 3 });
        created.EnsureSuccessStatusCode();
        var reply = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var id = reply["id"]!.GetValue<long>();
        using var updated = await _platform.PatchAsJsonAsync($"/api/v1/shops/{_shopId}/quick-replies/{id}", new { sort = 4 });
        updated.EnsureSuccessStatusCode();
        var list = await GetAsync($"/api/v1/shops/{_shopId}/quick-replies");

        var expected = $$"""{"id":{{id}},"shop_id":{{_shopId}},"title":"Greeting","content":"Hello!","sort":3,"updated_at":"{{UpdatedAt}}"}""";
        var expectedUpdated = $$"""{"id":{{id}},"shop_id":{{_shopId}},"title":"Greeting","content":"Hello!","sort":4,"updated_at":"{{UpdatedAt}}"}""";
        AssertShape(expected, reply);
        AssertShape(expectedUpdated, JsonNode.Parse(await updated.Content.ReadAsStringAsync())!);
        AssertShape($$"""{"list":[{{expectedUpdated}}]}""", list);
    }

    [Fact]
    public async Task CustomerServiceSettings_HaveTheirGoldenShape()
    {
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "Digital store", customer_service = new { type = 2, wechat = "kfk666" } });

        var read = await GetAsync($"/api/v1/shops/{_shopId}/customer-service");

        AssertShape($$"""{"shop_id":{{_shopId}},"online_service":true,"customer_service":{"type":2,"wechat":"kfk666"} }""", read);
    }

    private static void AssertShape(string expectedJson, JsonNode actual)
    {
        var expected = JsonNode.Parse(expectedJson)!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}");
        Assert.Equal(Names(expected), Names(actual));
    }

    /// <summary>Every property path in document order, so a reordering shows too.</summary>
    private static List<string> Names(JsonNode? node, string path = "") => node switch
    {
        JsonObject o => [.. o.SelectMany(p => (IEnumerable<string>)[path + "." + p.Key, .. Names(p.Value, path + "." + p.Key)])],
        JsonArray a => [.. a.SelectMany((item, i) => Names(item, $"{path}[{i}]"))],
        _ => [],
    };

    private async Task<JsonNode> PutAsync(string path, object body)
    {
        using var response = await _platform.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PUT {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> GetAsync(string path) => JsonNode.Parse(await _platform.GetStringAsync(path))!;
}
