using System.Net;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Hosting;

public sealed class HttpConventionsTests
{
    [Fact]
    public async Task Root_BehindTheFunctionsProxy_BuildsLinksFromForwardedHeaders()
    {
        // Under the Functions host (it sets the port variable), whose proxy reaches the app from loopback.
        await using var app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071" });
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Test-Remote-Address", "127.0.0.1");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "kfk-demo.azurewebsites.net");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("https://kfk-demo.azurewebsites.net/api/v1/health", body.RootElement.GetProperty("health").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetailsWithCode()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal("not_found", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheNativeApi_AndTheReferencePageIsServed()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/api/v1/openapi.json"));
        using var reference = await client.GetAsync("/api/v1/reference/");
        using var script = await client.GetAsync("/api/v1/reference/scalar.js");

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("Kfk platform API", document.RootElement.GetProperty("info").GetProperty("title").GetString());
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty("/api/v1/health", out _));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("\"url\":\"api/v1/openapi.json\"", await reference.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
