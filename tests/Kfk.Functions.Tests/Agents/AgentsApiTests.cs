using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Agents;

/// <summary>Agent administration on the native API and kefu login/logout on the likeshop routes.</summary>
public sealed class AgentsApiTests : IAsyncLifetime
{
    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private HttpClient _client = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly string _account = "kefu" + Guid.NewGuid().ToString("N")[..8];
    private readonly string _address = $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync();
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        _client = _app.CreateClient();
        _client.DefaultRequestHeaders.Add("X-Test-Remote-Address", _address);
        using var shop = await _platform.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "店铺" });
        Assert.Equal(HttpStatusCode.OK, shop.StatusCode);
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task CreateAgent_Returns201WithoutThePassword_AndTheAccountIsUniquePerShop()
    {
        var created = await CreateAgentAsync(_account, "kefu");

        Assert.Equal(_shopId, created.GetProperty("shop_id").GetInt64());
        Assert.Equal("kefu", created.GetProperty("role").GetString());
        Assert.False(created.GetProperty("disabled").GetBoolean());
        Assert.DoesNotContain("password", created.GetRawText(), StringComparison.OrdinalIgnoreCase);
        using var duplicate = await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account = _account, password = "another-pass-1", nickname = "B" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        using var list = JsonDocument.Parse(await _platform.GetStringAsync($"/api/v1/kefu?shop_id={_shopId}"));
        Assert.Single(list.RootElement.GetProperty("list").EnumerateArray());
    }

    [Fact]
    public async Task AgentsCreatedConcurrently_AllGetDistinctIds_AndAllAreListed()
    {
        var accounts = Enumerable.Range(0, 16).Select(i => $"{_account}c{i}").ToList();

        var responses = await Task.WhenAll(accounts.Select(account =>
            _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = account })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = new List<long>();
        foreach (var response in responses)
        {
            ids.Add(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
            response.Dispose();
        }
        Assert.Equal(16, ids.Distinct().Count());
        using var list = JsonDocument.Parse(await _platform.GetStringAsync($"/api/v1/kefu?shop_id={_shopId}"));
        Assert.Equal(16, list.RootElement.GetProperty("list").GetArrayLength());
    }

    [Theory]
    [InlineData("""{"account":"ab","password":"password-1","nickname":"n"}""", "account")]
    [InlineData("""{"account":"valid_1","password":"short","nickname":"n"}""", "password")]
    [InlineData("""{"account":"valid_1","password":"password-1"}""", "nickname")]
    [InlineData("""{"account":"valid_1","password":"password-1","nickname":"n","role":"root"}""", "role")]
    public async Task CreateAgent_WithInvalidFields_Is400NamingTheField(string fields, string field)
    {
        var json = fields.Insert(1, $"\"shop_id\":{_shopId},");

        using var response = await _platform.PostAsync("/api/v1/kefu", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task KefuLogin_WithJsonOrForm_ReturnsTheEnvelopeWithASession()
    {
        var agent = await CreateAgentAsync(_account, "kefu");

        var json = await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1, client = 5 });
        using var form = await _client.PostAsync("/kefuapi/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["account"] = _account, ["password"] = "secret-pass-1", ["type"] = "1", ["client"] = "5",
        }));
        using var formBody = JsonDocument.Parse(await form.Content.ReadAsStringAsync());

        Assert.Equal(1, json.GetProperty("code").GetInt32());
        Assert.Equal(0, json.GetProperty("show").GetInt32());
        var data = json.GetProperty("data");
        Assert.Equal(agent.GetProperty("id").GetInt64(), data.GetProperty("id").GetInt64());
        Assert.Equal(_shopId, data.GetProperty("shop_id").GetInt64());
        Assert.Equal(_account, data.GetProperty("account").GetString());
        Assert.StartsWith("kfk_", data.GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, formBody.RootElement.GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData("wrong-password", 1, "账号或密码错误")]
    [InlineData("secret-pass-1", 0, "账号或密码错误")]
    public async Task KefuLogin_WithAWrongPasswordOrType_FailsWithCode0(string password, int type, string message)
    {
        await CreateAgentAsync(_account, "kefu");

        var body = await LoginAsync(new { account = _account, password, type, client = 5 });

        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal(1, body.GetProperty("show").GetInt32());
        Assert.Equal(message, body.GetProperty("msg").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task KefuLogin_After15FailuresFromOneAddress_IsLockedForThatAddressOnly()
    {
        await CreateAgentAsync(_account, "kefu");
        for (var i = 0; i < 15; i++)
        {
            Assert.Equal(0, (await LoginAsync(new { account = _account, password = $"wrong-{i}", type = 1 })).GetProperty("code").GetInt32());
        }

        var locked = await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 });
        using var elsewhere = new HttpRequestMessage(HttpMethod.Post, "/kefuapi/account/login") { Content = JsonContent.Create(new { account = _account, password = "secret-pass-1", type = 1 }) };
        elsewhere.Headers.Add("X-Test-Remote-Address", "192.0.2.77");
        using var other = await _app.CreateClient().SendAsync(elsewhere);
        using var otherBody = JsonDocument.Parse(await other.Content.ReadAsStringAsync());

        Assert.Equal(0, locked.GetProperty("code").GetInt32());
        Assert.Equal("密码错误次数过多，请30分钟后再试", locked.GetProperty("msg").GetString());
        Assert.Equal(1, otherBody.RootElement.GetProperty("code").GetInt32());
        _app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, (await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 })).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        await CreateAgentAsync(_account, "kefu");
        var token = (await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 })).GetProperty("data").GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, await NegotiateStatusAsync(token));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/kefuapi/account/logout");
        request.Headers.Add("token", token);
        using var logout = await _client.SendAsync(request);

        Assert.Equal(1, JsonDocument.Parse(await logout.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync(token));
    }

    [Fact]
    public async Task Disabling_RevokesEverySession_AndRefusesLogin()
    {
        var agent = await CreateAgentAsync(_account, "kefu");
        var first = (await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 })).GetProperty("data").GetProperty("token").GetString()!;
        var second = (await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 })).GetProperty("data").GetProperty("token").GetString()!;

        using var patch = await _platform.PatchAsJsonAsync($"/api/v1/kefu/{agent.GetProperty("id").GetInt64()}", new { disabled = true });

        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var kefu = $"kefu:{agent.GetProperty("id").GetInt64()}";
        Assert.Contains($"close-user likeshop {kefu} disabled", _app.Realtime.Calls);
        Assert.Contains($"close-user kfk {kefu} disabled", _app.Realtime.Calls);
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await NegotiateStatusAsync(second));
        var refused = await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 });
        Assert.Equal("该客服账号已被禁用", refused.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task AnAdminAgent_AdministersItsOwnShopOnly_AndAPlainKefuNothing()
    {
        await CreateAgentAsync(_account, "admin");
        await CreateAgentAsync(_account + "k", "kefu");
        var adminToken = (await LoginAsync(new { account = _account, password = "secret-pass-1", type = 1 })).GetProperty("data").GetProperty("token").GetString()!;
        var kefuToken = (await LoginAsync(new { account = _account + "k", password = "secret-pass-1", type = 1 })).GetProperty("data").GetProperty("token").GetString()!;

        Assert.Equal(HttpStatusCode.Created, await CreateAsStatusAsync(adminToken, _shopId, _account + "x"));
        Assert.Equal(HttpStatusCode.Forbidden, await CreateAsStatusAsync(adminToken, 0, _account + "y"));
        Assert.Equal(HttpStatusCode.Forbidden, await CreateAsStatusAsync(kefuToken, _shopId, _account + "z"));
        Assert.Equal(HttpStatusCode.Unauthorized, await CreateAsStatusAsync("kfk_forged", _shopId, _account + "w"));
    }

    [Fact]
    public async Task AdminTokens_AreMintedOnlyForPlatformStaff()
    {
        using var staff = await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = 0, account = _account, password = "secret-pass-1", nickname = "平台", role = "admin" });
        var staffId = JsonDocument.Parse(await staff.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var shopAdminId = (await CreateAgentAsync(_account, "admin")).GetProperty("id").GetInt64();

        using var ok = await _platform.PostAsJsonAsync("/api/v1/tokens", new { kind = "admin", kefu_id = staffId });
        using var refused = await _platform.PostAsJsonAsync("/api/v1/tokens", new { kind = "admin", kefu_id = shopAdminId });

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    private async Task<JsonElement> CreateAgentAsync(string account, string role)
    {
        using var response = await _platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = "小王", role });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> LoginAsync(object body)
    {
        using var response = await _client.PostAsJsonAsync("/kefuapi/account/login", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<HttpStatusCode> NegotiateStatusAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/negotiate") { Content = JsonContent.Create(new { hub = "likeshop" }) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<HttpStatusCode> CreateAsStatusAsync(string bearer, long shopId, string account)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/kefu")
        {
            Content = JsonContent.Create(new { shop_id = shopId, account, password = "secret-pass-1", nickname = "新" }),
        };
        request.Headers.Authorization = new("Bearer", bearer);
        using var response = await _client.SendAsync(request);
        return response.StatusCode;
    }
}
