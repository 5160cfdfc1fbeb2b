using System.Net;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Health;

public sealed class HealthApiTests
{
    [Fact]
    public async Task GetHealth_WithAzurite_Returns200WithEveryServiceReachable()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        var storage = body.RootElement.GetProperty("storage");
        Assert.Equal(["tables", "blobs", "provisioned"], storage.EnumerateObject().Select(p => p.Name)); // the shape README.md documents
        Assert.Equal("reachable", storage.GetProperty("tables").GetString());
        Assert.Equal("reachable", storage.GetProperty("blobs").GetString());
        Assert.True(storage.GetProperty("provisioned").GetBoolean());
    }

    [Fact]
    public async Task GetHealth_WithStorageDown_Returns503NamingTheUnreachableServices()
    {
        using var closed = new ClosedPort();
        var dead = closed.Port;
        await using var app = new KfkApp(Azurite.ConnectionStringFor(dead, dead, dead));
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unhealthy", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("unreachable", body.RootElement.GetProperty("storage").GetProperty("tables").GetString());
        Assert.Equal("unreachable", body.RootElement.GetProperty("storage").GetProperty("blobs").GetString());
        Assert.False(body.RootElement.GetProperty("storage").GetProperty("provisioned").GetBoolean());
    }
}
