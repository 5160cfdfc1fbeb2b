using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// The app is killed between an agent's <c>connected</c> and <c>disconnected</c>: the socket closes while nothing can
/// hear it, so its presence row stays behind. A new instance counts it only until the connection's lease ends.
/// </summary>
public sealed class PresenceAfterAKilledAppTests
{
    [Fact]
    public async Task AnAgentWhoseDisconnectedNeverReachedTheApp_CountsOnlineUntilTheLeaseEnds_ThenOffline()
    {
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        long kefuId;
        var stack = await RealtimeStack.StartAsync(["likeshop"]);
        await using (stack)
        {
            using var platform = stack.PlatformClient();
            (await platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
            (kefuId, var token) = await LikeshopWire.CreateKefuAsync(platform, shopId, "客服小王");
            using var agent = await LikeshopWire.ConnectAsync(stack, $"?token={token}&type=kefu&client=5&shop_id={shopId}");
            await LikeshopWire.ReceiveJsonAsync(agent); // ping
            await LikeshopWire.ReceiveJsonAsync(agent); // login: sent after the presence row was written
            Assert.True(await IsOnlineAsync(platform, shopId, kefuId));

            await stack.App.DisposeAsync(); // killed: the gateway's disconnected finds nobody
            agent.Abort();
        }

        var now = DateTimeOffset.UtcNow;
        Assert.True(await IsOnlineSeenByANewInstanceAsync(now + TimeSpan.FromSeconds(30), shopId, kefuId)); // the row is there
        Assert.False(await IsOnlineSeenByANewInstanceAsync(now + Kfk.Core.Presence.PresenceLease.Duration + TimeSpan.FromSeconds(5), shopId, kefuId));
    }

    private static async Task<bool> IsOnlineSeenByANewInstanceAsync(DateTimeOffset at, long shopId, long kefuId)
    {
        await using var app = new KfkApp((await Azurite.SharedAsync()).ConnectionString,
            configureServices: services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(at)));
        using var platform = Platform(app.CreateClient());
        return await IsOnlineAsync(platform, shopId, kefuId);
    }

    private static HttpClient Platform(HttpClient client)
    {
        client.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        return client;
    }

    private static async Task<bool> IsOnlineAsync(HttpClient platform, long shopId, long kefuId)
    {
        using var list = JsonDocument.Parse(await platform.GetStringAsync($"/api/v1/kefu?shop_id={shopId}"));
        return list.RootElement.GetProperty("list").EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == kefuId).GetProperty("online").GetBoolean();
    }
}
