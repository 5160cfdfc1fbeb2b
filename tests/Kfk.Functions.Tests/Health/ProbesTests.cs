using System.Net;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Health;

/// <summary>Liveness calls nothing; readiness needs storage provisioned AND Web PubSub accepting our credentials.</summary>
public sealed class ProbesTests
{
    [Fact]
    public async Task Live_Returns200_EvenWithStorageAndWebPubSubDown()
    {
        using var closed = new ClosedPort();
        await using var app = new KfkApp(Azurite.ConnectionStringFor(closed.Port, closed.Port, closed.Port));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await BodyAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_WithAzuriteAndTheGateway_Returns200()
    {
        await using var stack = await RealtimeStack.StartAsync(["likeshop"]);
        using var client = new HttpClient();

        using var response = await client.GetAsync(stack.AppUrl("/api/v1/health/ready"));

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("webpubsub").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_WhenWebPubSubRefusesOurKey_Returns503NamingWebPubSub()
    {
        await using var stack = await RealtimeStack.StartAsync(["likeshop"], appKeys: ["not-the-gateway-key-0123456789ABCDEFGHIJ="]);
        using var client = new HttpClient();

        using var response = await client.GetAsync(stack.AppUrl("/api/v1/health/ready"));

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        var webPubSub = body.GetProperty("checks").GetProperty("webpubsub");
        Assert.Equal("unhealthy", webPubSub.GetProperty("status").GetString());
        Assert.Contains("401", webPubSub.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Ready_WithStorageDown_Returns503NamingStorage()
    {
        using var closed = new ClosedPort();
        await using var app = new KfkApp(Azurite.ConnectionStringFor(closed.Port, closed.Port, closed.Port));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/health/ready");

        var body = await BodyAsync(response);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", body.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
        Assert.Contains("does not answer", body.GetProperty("checks").GetProperty("storage").GetProperty("description").GetString());
    }

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
