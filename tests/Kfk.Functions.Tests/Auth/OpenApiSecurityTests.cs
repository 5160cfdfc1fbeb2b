using System.Text.Json;
using Kfk.Functions.Tests.Hosting;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Auth;

public sealed class OpenApiSecurityTests
{
    [Fact]
    public async Task OpenApiDocument_DeclaresTheSchemes_AndEachOperationsRequirementFromItsPolicy()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/v1/openapi.json"));

        var schemes = document.RootElement.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("apiKey", schemes.GetProperty("PlatformKey").GetProperty("type").GetString());
        Assert.Equal("X-Kfk-Api-Key", schemes.GetProperty("PlatformKey").GetProperty("name").GetString());
        Assert.Equal("header", schemes.GetProperty("PlatformKey").GetProperty("in").GetString());
        Assert.Equal("http", schemes.GetProperty("KfkBearer").GetProperty("type").GetString());
        Assert.Equal("bearer", schemes.GetProperty("KfkBearer").GetProperty("scheme").GetString());
        Assert.Equal("token", schemes.GetProperty("LikeshopToken").GetProperty("name").GetString());
        var operations = ApiOperation.All(document.RootElement).ToDictionary(o => o.ToString(), Security);
        Assert.Equal([["PlatformKey"]], operations["POST /api/v1/tokens"]);
        Assert.Equal([["PlatformKey"]], operations["PUT /api/v1/shops/{shop_id}"]);
        Assert.Equal([["PlatformKey"]], operations["POST /api/v1/disputes"]);
        Assert.Equal([["PlatformKey"], ["KfkBearer"]], operations["GET /api/v1/disputes/{report_id}"]);
        Assert.Equal([["PlatformKey"], ["KfkBearer"]], operations["POST /api/v1/shops/{shop_id}/quick-replies"]);
        Assert.Equal([["PlatformKey"], ["KfkBearer"]], operations["POST /api/v1/kefu/{id}/avatar"]);
        Assert.Equal([["KfkBearer"]], operations["POST /api/v1/negotiate"]);
        Assert.Equal([["KfkBearer"]], operations["POST /api/v1/uploads"]);
        Assert.Equal([["LikeshopToken"]], operations["GET /kefuapi/chat/record"]);
        Assert.Equal([["LikeshopToken"]], operations["GET /api/user/chatRecord"]);
        Assert.Empty(operations["GET /api/v1/health"]);
        Assert.Empty(operations["GET /kefuapi/chat/config"]);
        Assert.Empty(operations["POST /kefuapi/account/login"]);
        Assert.Empty(operations["GET /media/{id}"]);
        var anonymous = new[] { "GET /api/v1/health", "GET /kefuapi/chat/config", "POST /kefuapi/account/login", "GET /api/index/chatConfig" };
        Assert.All(operations.Where(o => !anonymous.Contains(o.Key) && !o.Key.StartsWith("GET /media/", StringComparison.Ordinal)),
            o => Assert.NotEmpty(o.Value));
    }

    /// <summary>The operation's alternatives, each the names of the schemes it needs together.</summary>
    private static List<List<string>> Security(ApiOperation operation) =>
        operation.Operation.TryGetProperty("security", out var security)
            ? [.. security.EnumerateArray().Select(requirement => requirement.EnumerateObject().Select(s => s.Name).ToList())]
            : [];
}
