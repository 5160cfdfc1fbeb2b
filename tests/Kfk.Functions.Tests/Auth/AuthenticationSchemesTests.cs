using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kfk.Core.Agents;
using Kfk.Functions.Tests.Kuaifaka;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Auth;

/// <summary>
/// The schemes and policies through HTTP: each refusal in the shape its clients read (problem+json 401 on the native
/// API, the likeshop envelope with HTTP 200), before the body is read, and a wrong API key never falls through to a token.
/// </summary>
public sealed class AuthenticationSchemesTests : IAsyncLifetime
{
    private const string ExpiredEnvelope = """{"code":-1,"show":1,"msg":"登录超时，请重新登录","data":[]}""";

    private KfkApp _app = null!;
    private HttpClient _http = null!;
    private KfkScenario _s = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private string _userToken = null!;
    private string _kefuToken = null!;

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync();
        _http = _app.CreateClient();
        using var platform = _app.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        _s = await KfkScenario.CreateAsync(platform);
        (await platform.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "认证小店" })).EnsureSuccessStatusCode();
        (await platform.PutAsJsonAsync($"/api/v1/users/{_userId}", new { nickname = "Jason" })).EnsureSuccessStatusCode();
        _userToken = await KfkScenario.TokenAsync(platform, new { kind = "user", user_id = _userId });
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        (await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = _shopId, account, password = "secret-pass-1", nickname = "小王" })).EnsureSuccessStatusCode();
        using var login = await _http.PostAsJsonAsync("/kefuapi/account/login", new { account, password = "secret-pass-1", type = 1 });
        _kefuToken = (await JsonAsync(login)).GetProperty("data").GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task PlatformRoute_RefusesABearerToken_WithItsInvalidApiKeyProblem()
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/v1/shops/{_shopId}", bearer: _userToken);

        await AssertRefusedAsync(response, "invalid_api_key", "A valid X-Kfk-Api-Key header is required.");
    }

    [Fact]
    public async Task WrongApiKey_IsARefusal_NeverAFallThroughToTheBearerToken()
    {
        using var withWrongKey = await SendAsync(HttpMethod.Get, $"/api/v1/disputes/{_s.ReportId}", bearer: _s.StaffToken, apiKey: "not-the-platform-key");
        using var tokenOnly = await SendAsync(HttpMethod.Get, $"/api/v1/disputes/{_s.ReportId}", bearer: _s.StaffToken);

        await AssertRefusedAsync(withWrongKey, "unauthorized", "Send X-Kfk-Api-Key, or Authorization: Bearer <a staff, shop or buyer_order token>.");
        Assert.Equal(HttpStatusCode.OK, tokenOnly.StatusCode);
    }

    [Fact]
    public async Task OpeningADispute_ByAShopToken_IsRefusedWithItsOwnProblem_BeforeTheBodyIsRead()
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/disputes", bearer: _s.MerchantToken, json: "{");

        await AssertRefusedAsync(response, "unauthorized", "Opening a dispute needs the platform's X-Kfk-Api-Key.");
    }

    [Fact]
    public async Task ShopAdminRoute_RefusesATokenKindItDoesNotAdmit_BeforeTheBodyIsRead()
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/v1/shops/{_shopId}/quick-replies", bearer: _userToken, json: "{");

        await AssertRefusedAsync(response, "unauthorized", "Send a valid X-Kfk-Api-Key, or Authorization: Bearer <an admin agent's session>.");
    }

    [Fact]
    public async Task StaffToken_WhoseAgentIsNoLongerActiveStaff_IsRefused()
    {
        var account = "staff" + Guid.NewGuid().ToString("N")[..8];
        using var platform = _app.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        using var created = await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = 0, account, password = "staff-pass-1", nickname = "平台客服", role = "admin" });
        var staffId = (await JsonAsync(created)).GetProperty("id").GetInt64();
        var token = await KfkScenario.TokenAsync(platform, new { kind = "admin", kefu_id = staffId });
        using var whileStaff = await SendAsync(HttpMethod.Get, $"/api/v1/disputes/{_s.ReportId}", bearer: token);
        // Straight to the store: the token outlives the role (the agent service would also revoke the token).
        var agents = _app.Services.GetRequiredService<IAgentStore>();
        var agent = (await agents.FindAsync(staffId, CancellationToken.None))!;
        await agents.UpdateAsync(agent with { Disabled = true }, CancellationToken.None);

        using var afterwards = await SendAsync(HttpMethod.Get, $"/api/v1/disputes/{_s.ReportId}", bearer: token);

        Assert.Equal(HttpStatusCode.OK, whileStaff.StatusCode);
        await AssertRefusedAsync(afterwards, "unauthorized", "Send X-Kfk-Api-Key, or Authorization: Bearer <a staff, shop or buyer_order token>.");
    }

    [Fact]
    public async Task LikeshopRoutes_AnswerEveryRefusal_WithTheExpiredEnvelope_AndHttp200()
    {
        var refusals = new (string Path, string? Token, string? Bearer)[]
        {
            ("/kefuapi/chat/record?user_id=1", null, null),
            ("/kefuapi/chat/record?user_id=1", "kfk_forged", null),
            ("/kefuapi/chat/record?user_id=1", _userToken, null),
            ("/kefuapi/chat/record?user_id=1", null, _kefuToken),
            ("/kefuapi/chat/record?user_id=abc", null, null),
            ("/api/user/chatRecord", _kefuToken, null),
            ("/api/user/chatRecord", null, _userToken),
        };
        foreach (var (path, token, bearer) in refusals)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (token is not null)
            {
                request.Headers.Add("token", token);
            }
            if (bearer is not null)
            {
                request.Headers.Add("Authorization", $"Bearer {bearer}");
            }
            using var response = await _http.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(ExpiredEnvelope, await response.Content.ReadAsStringAsync());
        }
        using var admitted = new HttpRequestMessage(HttpMethod.Get, "/kefuapi/chat/reply");
        admitted.Headers.Add("token", _kefuToken);
        Assert.Equal(1, (await JsonAsync(await _http.SendAsync(admitted))).GetProperty("code").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, string? apiKey = null, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (bearer is not null)
        {
            request.Headers.Add("Authorization", $"Bearer {bearer}");
        }
        if (apiKey is not null)
        {
            request.Headers.Add("X-Kfk-Api-Key", apiKey);
        }
        return await _http.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string code, string detail)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(response);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
