using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Platform;

/// <summary>The platform integration API: upserts, tokens and negotiate, through HTTP against Azurite.</summary>
public sealed class PlatformApiTests : IAsyncLifetime
{
    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private HttpClient _anonymous = null!;
    private readonly string _sn = "kfk" + Guid.NewGuid().ToString("N")[..10];
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync();
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        _anonymous = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        _anonymous.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Upserts_StoreAndReturnTheRecords_InSnakeCase_Idempotently()
    {
        var shop = await PutAsync($"/api/v1/shops/{_shopId}", new { name = "快发卡小店", avatar = "https://img.example/shop.png", customer_service = new { type = 1, wechat = "kfk666", phone = "400-000", business_time = "9:00-18:00" } });
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "快发卡小店", avatar = "https://img.example/shop.png", customer_service = new { type = 1, wechat = "kfk666", phone = "400-000", business_time = "9:00-18:00" } });
        var user = await PutAsync($"/api/v1/users/{_userId}", new { nickname = "Jason", total_order_amount = "128.50", client = 6 });
        var goods = await PutAsync("/api/v1/goods/88", new { shop_id = _shopId, name = "月卡", image = "https://img.example/g.png", min_price = "9.90" });
        var order = await PutAsync($"/api/v1/orders/{_sn}", new
        {
            shop_id = _shopId, user_id = _userId, order_amount = "19.80", create_time = "2021-12-15T14:23:54+08:00",
            goods = new[] { new { goods_id = 88, name = "月卡", image = "https://img.example/g.png", price = "9.90", num = 2 } },
        });

        Assert.Equal(_shopId, shop.GetProperty("id").GetInt64());
        Assert.True(shop.GetProperty("online_service").GetBoolean());
        Assert.Equal("9:00-18:00", shop.GetProperty("customer_service").GetProperty("business_time").GetString());
        Assert.Equal("128.50", user.GetProperty("total_order_amount").GetString());
        Assert.Equal("9.90", goods.GetProperty("min_price").GetString());
        Assert.Equal(2, order.GetProperty("goods")[0].GetProperty("num").GetInt32());
        using var fetched = JsonDocument.Parse(await _platform.GetStringAsync($"/api/v1/orders/{_sn}"));
        Assert.Equal(_userId, fetched.RootElement.GetProperty("user_id").GetInt64());
        Assert.Equal(88, fetched.RootElement.GetProperty("goods")[0].GetProperty("goods_id").GetInt64());
    }

    [Theory]
    [InlineData("/api/v1/shops/5", """{"avatar":"https://x/y.png"}""", "name")]
    [InlineData("/api/v1/shops/-5", """{"name":"x"}""", "shop_id")]
    [InlineData("/api/v1/shops/5", """{"name":"x","avatar":"javascript:alert(1)"}""", "avatar")]
    [InlineData("/api/v1/users/7", """{"nickname":"n","total_order_amount":"12.345"}""", "total_order_amount")]
    [InlineData("/api/v1/goods/9", """{"name":"g"}""", "shop_id")]
    [InlineData("/api/v1/orders/bad%20sn", """{"shop_id":1}""", "order_sn")]
    public async Task Upsert_WithInvalidInput_Is400NamingTheField(string path, string json, string field)
    {
        using var response = await _platform.PutAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Order_ReferencingAnUnknownShop_Is400()
    {
        using var response = await _platform.PutAsJsonAsync($"/api/v1/orders/{_sn}", new { shop_id = 999_999_999_999L });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("shop_not_found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-0123456789")]
    public async Task PlatformRoutes_WithoutTheApiKey_Are401(string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/shops/5") { Content = JsonContent.Create(new { name = "x" }) };
        if (key is not null)
        {
            request.Headers.Add("X-Kfk-Api-Key", key);
        }

        using var response = await _anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_api_key", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_ForAnExistingBuyer_Negotiates_ALikeshopUrlForThatUser()
    {
        await PutAsync($"/api/v1/users/{_userId}", new { nickname = "Jason" });
        var token = await CreateTokenAsync(new { kind = "user", user_id = _userId, client = 6 });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/negotiate") { Content = JsonContent.Create(new { hub = "likeshop" }) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await _anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var url = new Uri(body.RootElement.GetProperty("url").GetString()!);
        Assert.Equal($"ws://127.0.0.1:{KfkApp.UnusedGatewayPort}/client/hubs/likeshop", url.GetLeftPart(UriPartial.Path));
        var accessToken = Uri.UnescapeDataString(url.Query["?access_token=".Length..]);
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(accessToken.Split('.')[1]));
        Assert.Equal($"user:{_userId}", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal($"http://127.0.0.1:{KfkApp.UnusedGatewayPort}/client/hubs/likeshop", claims.RootElement.GetProperty("aud").GetString());
    }

    [Fact]
    public async Task Negotiate_RefusesMissingTokens_OtherHubs_AndTheWrongHubForTheToken()
    {
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "s" });
        var shopToken = await CreateTokenAsync(new { kind = "shop", shop_id = _shopId });

        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync(null, "kfk"));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync("kfk_not-a-real-token", "kfk"));
        Assert.Equal(HttpStatusCode.BadRequest, await NegotiateStatusAsync(shopToken, "chat"));
        Assert.Equal(HttpStatusCode.Forbidden, await NegotiateStatusAsync(shopToken, "likeshop"));
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(shopToken, "kfk"));
    }

    [Fact]
    public async Task Token_ExpiresAfterItsTtl()
    {
        await PutAsync($"/api/v1/shops/{_shopId}", new { name = "s" });
        var token = await CreateTokenAsync(new { kind = "shop", shop_id = _shopId, ttl_seconds = 60 });

        _app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync(token, "kfk"));
    }

    [Theory]
    [InlineData("""{"kind":"user","user_id":123456789012}""", HttpStatusCode.NotFound, "user_not_found")]
    [InlineData("""{"kind":"buyer_order","order_sn":"no-such-order-x"}""", HttpStatusCode.NotFound, "order_not_found")]
    [InlineData("""{"kind":"buyer_order"}""", HttpStatusCode.BadRequest, "required")]
    [InlineData("""{"kind":"shop","shop_id":1,"ttl_seconds":9999999}""", HttpStatusCode.BadRequest, "invalid_ttl")]
    [InlineData("""{"kind":"robot"}""", HttpStatusCode.BadRequest, "invalid_kind")]
    public async Task Token_ForUnknownOrInvalidPrincipals_IsRefused(string json, HttpStatusCode status, string code)
    {
        await PutAsync("/api/v1/shops/1", new { name = "s" });

        using var response = await _platform.PostAsync("/api/v1/tokens", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    private async Task<JsonElement> PutAsync(string path, object body)
    {
        using var response = await _platform.PutAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> CreateTokenAsync(object body)
    {
        using var response = await _platform.PostAsJsonAsync("/api/v1/tokens", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var document = JsonDocument.Parse(text);
        Assert.True(document.RootElement.TryGetProperty("expires_at", out _));
        return document.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpStatusCode> NegotiateStatusAsync(string? token, string hub)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/negotiate") { Content = JsonContent.Create(new { hub }) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        using var response = await _anonymous.SendAsync(request);
        return response.StatusCode;
    }
}
