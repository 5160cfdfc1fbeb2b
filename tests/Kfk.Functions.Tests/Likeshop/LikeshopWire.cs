using System.Net.WebSockets;
using System.Text.Json;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>Legacy likeshop frames on a raw WebSocket.</summary>
internal static class LikeshopWire
{
    public static async Task SkipGreetingAsync(params ClientWebSocket[] clients)
    {
        foreach (var client in clients)
        {
            Assert.Equal("ping", (await ReceiveJsonAsync(client)).GetProperty("event").GetString());
            Assert.Equal("login", (await ReceiveJsonAsync(client)).GetProperty("event").GetString());
        }
    }

    public static Task SendAsync(ClientWebSocket client, object frame) =>
        client.SendAsync(JsonSerializer.SerializeToUtf8Bytes(frame), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket client, TimeSpan? timeout = null)
    {
        var buffer = new byte[64 * 1024];
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var result = await client.ReceiveAsync(buffer, cancel.Token);
        return JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement.Clone();
    }
}
