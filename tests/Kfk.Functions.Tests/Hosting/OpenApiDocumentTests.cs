using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>What a client generator reads from the served document: request bodies as the handlers validate them,
/// the redirects, the client errors, and the likeshop compatibility routes apart from the native API.</summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public async Task EveryOperation_HasASummaryAndADescription_AndEveryNativeSecuredOneDocuments401ProblemJson()
    {
        using var document = await FetchAsync();

        var operations = ApiOperation.All(document.RootElement);

        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(Text(o.Operation, "summary")), $"{o}: no summary"));
        Assert.All(operations, o => Assert.False(string.IsNullOrWhiteSpace(Text(o.Operation, "description")), $"{o}: no description"));
        // The endpoints' own summaries, not handler doc comments with C# signatures in them.
        Assert.All(operations, o => Assert.DoesNotMatch("CancellationToken|&lt;|\n|^`", Text(o.Operation, "summary")));
        Assert.All(operations, o => Assert.DoesNotMatch("CancellationToken|&lt;", Text(o.Operation, "description")));
        Assert.Equal("Act on a dispute", Text(operations.Single(o => o.ToString() == "POST /api/v1/disputes/{report_id}/actions").Operation, "summary"));
        Assert.Equal("Agent image upload (likeshop-compatible)", Text(operations.Single(o => o.ToString() == "POST /kefuapi/file/formImage").Operation, "summary"));
        Assert.All(operations.Where(o => o.IsNative && o.Operation.GetProperty("security").GetArrayLength() > 0), o =>
            Assert.Equal("#/components/schemas/Problem", o.Operation.GetProperty("responses").GetProperty("401").GetProperty("content")
                .GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()));
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("security", out _), $"{o}: security not declared"));
    }

    [Fact]
    public async Task RequestSchemas_RequireWhatTheHandlersRequire_TokenKindsAreOneOf_PatchBodiesRequireNothing()
    {
        using var document = await FetchAsync();
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        var token = schemas.GetProperty("CreateTokenRequest");
        Assert.Equal(["kind"], Required(token));
        Assert.Equal(
            ["kind=user needs user_id", "kind=buyer_order needs order_sn", "kind=shop needs shop_id", "kind=admin needs kefu_id"],
            token.GetProperty("oneOf").EnumerateArray().Select(v =>
                $"kind={v.GetProperty("properties").GetProperty("kind").GetProperty("enum")[0].GetString()} needs {Required(v).Single(r => r != "kind")}"));
        Assert.Equal("string", token.GetProperty("properties").GetProperty("kind").GetProperty("type").GetString());
        Assert.Equal(["account", "nickname", "password", "shop_id"], Required(schemas.GetProperty("CreateAgentRequest")));
        Assert.Equal(["content", "title"], Required(schemas.GetProperty("QuickReplyRequest")));
        Assert.Equal(["amount", "order_sn", "reason"], Required(schemas.GetProperty("OpenDisputeBody")));
        Assert.Empty(Required(schemas.GetProperty("UpdateAgentRequest")));
        Assert.Empty(Required(schemas.GetProperty("UpdateWebhookRequest")));
        Assert.Empty(Required(schemas.GetProperty("QuickReplyPatchRequest")));
        var patch = ApiOperation.All(document.RootElement).Single(o => o.ToString() == "PATCH /api/v1/shops/{shop_id}/quick-replies/{id}");
        Assert.Equal("#/components/schemas/QuickReplyPatchRequest", patch.Operation.GetProperty("requestBody").GetProperty("content")
            .GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task MediaRedirects_Are302_AndLikeshopRoutes_AreGroupedApartAsLegacy()
    {
        using var document = await FetchAsync();
        var operations = ApiOperation.All(document.RootElement);

        Assert.All(operations.Where(o => o.Path.StartsWith("/media/", StringComparison.Ordinal)), o =>
            Assert.Equal(["302", "404"], o.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name)));
        var legacy = operations.Where(o => !o.IsNative && !o.Path.StartsWith("/media/", StringComparison.Ordinal)).ToList();
        Assert.Contains(legacy, o => o.ToString() == "POST /kefuapi/account/login");
        Assert.All(legacy, o => Assert.True(o.Operation.GetProperty("x-kfk-legacy").GetBoolean(), o.ToString()));
        Assert.All(legacy, o => Assert.StartsWith("likeshop ", o.Operation.GetProperty("tags")[0].GetString(), StringComparison.Ordinal));
        Assert.All(operations.Where(o => o.IsNative), o => Assert.False(o.Operation.TryGetProperty("x-kfk-legacy", out _), o.ToString()));
        var groups = document.RootElement.GetProperty("x-tagGroups").EnumerateArray()
            .ToDictionary(g => g.GetProperty("name").GetString()!, g => g.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList());
        Assert.Equal(["likeshop kefu", "likeshop user"], groups["likeshop compatibility (legacy)"]);
        Assert.All(operations, o => Assert.Contains(groups.Values, tags => tags.Contains(o.Operation.GetProperty("tags")[0].GetString())));
    }

    private static async Task<JsonDocument> FetchAsync()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/api/v1/openapi.json"));
    }

    private static string? Text(JsonElement operation, string name) => operation.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static List<string> Required(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal)] : [];
}
