using System.Net;
using System.Net.WebSockets;
using System.Text;
using Kfk.Core.Realtime;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>Plain WebSocket clients through the local gateway to the app's event handler and back.</summary>
public sealed class RealtimeRoundTripTests : IAsyncLifetime
{
    private readonly EchoDialect _dialect = new();
    private RealtimeStack _stack = null!;

    public async Task InitializeAsync() =>
        _stack = await RealtimeStack.StartAsync([EchoDialect.HubName], services => services.AddSingleton<IHubDialect>(_dialect));

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Frame_ReachesTheHandler_AndTheReplyComesBack_WithStateRoundTripping()
    {
        using var client = await ConnectAsync("?user=user:12&greet=nihao");

        await SendAsync(client, "first");
        Assert.Equal("echo:first|nihao|1|user:12", await ReceiveAsync(client));
        await SendAsync(client, "second");
        Assert.Equal("echo:second|nihao|2|user:12", await ReceiveAsync(client));
    }

    [Fact]
    public async Task RestSendToUser_ReachesEveryConnectionOfThatUser()
    {
        using var phone = await ConnectAsync("?user=user:77");
        using var laptop = await ConnectAsync("?user=user:77");
        using var stranger = await ConnectAsync("?user=user:78");
        await WaitForAsync(() => _dialect.Events.Count(e => e.StartsWith("connected:", StringComparison.Ordinal)) >= 3);
        var hub = _stack.App.Services.GetRequiredService<IRealtimeHub>();

        await hub.SendToUserAsync(EchoDialect.HubName, "user:77", "{\"event\":\"ping\"}", CancellationToken.None);

        Assert.Equal("{\"event\":\"ping\"}", await ReceiveAsync(phone));
        Assert.Equal("{\"event\":\"ping\"}", await ReceiveAsync(laptop));
        await SendAsync(stranger, "probe");
        Assert.Equal("echo:probe|hi|1|user:78", await ReceiveAsync(stranger));
    }

    [Fact]
    public async Task RejectedConnect_FailsTheHandshakeWith401_AndRaisesNoFurtherEvents()
    {
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(_stack.ClientUrl(EchoDialect.HubName, "?reject=1"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, client.HttpStatusCode);
        Assert.DoesNotContain(_dialect.Events, e => e.StartsWith("connected:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_RaisesConnectedAndDisconnectedExactlyOnce()
    {
        using var client = await ConnectAsync("?user=user:5");
        await SendAsync(client, "silent");
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        await WaitForAsync(() => _dialect.Events.Any(e => e.StartsWith("disconnected:", StringComparison.Ordinal)));
        await Task.Delay(200);

        Assert.Single(_dialect.Events, e => e.StartsWith("connected:", StringComparison.Ordinal));
        Assert.Single(_dialect.Events, e => e.StartsWith("disconnected:", StringComparison.Ordinal));
        Assert.Single(_dialect.Events, e => e.StartsWith("message:", StringComparison.Ordinal) && e.EndsWith(":silent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServerClose_EndsTheClientsSocket()
    {
        using var client = await ConnectAsync("?user=user:9");
        await WaitForAsync(() => _dialect.Events.Any(e => e.StartsWith("connected:", StringComparison.Ordinal)));
        var hub = _stack.App.Services.GetRequiredService<IRealtimeHub>();

        await hub.CloseUserConnectionsAsync(EchoDialect.HubName, "user:9", "disabled", CancellationToken.None);

        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal("disabled", result.CloseStatusDescription);
        await client.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await WaitForAsync(() => _dialect.Events.Any(e => e.StartsWith("disconnected:", StringComparison.Ordinal)));
    }

    private async Task<ClientWebSocket> ConnectAsync(string query)
    {
        var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(_stack.ClientUrl(EchoDialect.HubName, query), timeout.Token);
        return client;
    }

    private static Task SendAsync(ClientWebSocket client, string text) =>
        client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(ClientWebSocket client)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the condition.");
            await Task.Delay(20);
        }
    }
}
