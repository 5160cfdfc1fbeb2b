using System.Net;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>
/// Standalone CORS for the buyer widget on a shop page of another origin: the configured origins get their preflight
/// answered before authentication, others and an app without the setting get no CORS header at all.
/// </summary>
public sealed class CorsTests
{
    private const string Shop = "https://shop.example";

    [Fact]
    public async Task AConfiguredOrigin_GetsItsPreflight_AndItsAnswer_OthersNoCorsHeader()
    {
        await using var app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["Kfk:Hosting:CorsAllowedOrigins:0"] = Shop });
        using var http = app.CreateClient();

        using var preflight = await http.SendAsync(Preflight(Shop, "/api/user/chatRecord"));
        using var stranger = await http.SendAsync(Preflight("https://evil.example", "/api/user/chatRecord"));
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/index/chatConfig?shop_id=1");
        get.Headers.Add("Origin", Shop);
        using var answer = await http.SendAsync(get);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Shop, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("token", string.Join(",", preflight.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(stranger.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(Shop, Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task WithoutTheSetting_NoResponseCarriesCorsHeaders()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var http = app.CreateClient();

        using var preflight = await http.SendAsync(Preflight(Shop, "/api/user/chatRecord"));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "token");
        return request;
    }
}
