using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>Legacy likeshop frames on a raw WebSocket, and the agents and tokens a test needs (platform API client).</summary>
internal static class LikeshopWire
{
    public static async Task<ClientWebSocket> ConnectAsync(RealtimeStack stack, string query)
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(stack.ClientUrl("likeshop", query), CancellationToken.None);
        return client;
    }

    /// <summary>A shop and a buyer with fresh random ids, created through the platform API.</summary>
    public static async Task<(long ShopId, long UserId)> CreateShopAndBuyerAsync(HttpClient platform, string shopName = "店", string nickname = "买家")
    {
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        var userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = shopName })).EnsureSuccessStatusCode();
        (await platform.PutAsJsonAsync($"/api/v1/users/{userId}", new { nickname })).EnsureSuccessStatusCode();
        return (shopId, userId);
    }

    /// <summary>Creates an agent of the shop and logs it in (workbench client 5): its id and session token.</summary>
    public static async Task<(long Id, string Token)> CreateKefuAsync(HttpClient platform, long shopId, string nickname, string role = "kefu")
    {
        var account = "kefu" + Guid.NewGuid().ToString("N")[..8];
        using var created = await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = shopId, account, password = "secret-pass-1", nickname, role });
        created.EnsureSuccessStatusCode();
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        using var login = await platform.PostAsJsonAsync("/kefuapi/account/login", new { account, password = "secret-pass-1", type = 1, client = 5 });
        return (id, JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("token").GetString()!);
    }

    /// <summary>A buyer token (<c>POST /api/v1/tokens</c> kind user).</summary>
    public static async Task<string> UserTokenAsync(HttpClient platform, long userId, int? client = null)
    {
        using var token = await platform.PostAsJsonAsync("/api/v1/tokens", new { kind = "user", user_id = userId, client });
        token.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await token.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A likeshop REST GET with the session in the <c>token</c> header; the envelope.</summary>
    public static async Task<JsonElement> KefuGetAsync(HttpClient http, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Add("token", token);
        }
        using var response = await http.SendAsync(request);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

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
