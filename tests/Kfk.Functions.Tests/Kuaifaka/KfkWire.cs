using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Kfk.Functions.Tests.Kuaifaka;

/// <summary>Legacy kfk frames on a raw WebSocket.</summary>
internal static class KfkWire
{
    public static Task SendTextAsync(ClientWebSocket client, string text) =>
        client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static Task SendAsync(ClientWebSocket client, object frame) =>
        client.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<string> ReceiveTextAsync(ClientWebSocket client)
    {
        var buffer = new byte[256 * 1024];
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await client.ReceiveAsync(buffer, cancel.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket client) =>
        JsonDocument.Parse(await ReceiveTextAsync(client)).RootElement.Clone();

    /// <summary>Logs in and returns the reply.</summary>
    public static async Task<JsonElement> LoginAsync(ClientWebSocket client, string token, string type, string room)
    {
        await SendAsync(client, new { type = "login", token, data = new { type, authtype = "h5", room } });
        return await ReceiveJsonAsync(client);
    }

    /// <summary>The connection has no frame waiting: a bare ping is answered by the very next frame.</summary>
    public static async Task AssertNothingPendingAsync(ClientWebSocket client)
    {
        await SendTextAsync(client, "ping");
        Assert.Equal("pong", await ReceiveTextAsync(client));
    }
}
