using System.Text.Json;
using Kfk.Core.Likeshop;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class SupportPresenceTests
{
    [Fact]
    public async Task ComingOnline_TouchesTheRelation_AndTellsTheAgentTheBuyerIsOnline()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var online = await world.Presence.ComeOnlineAsync(world.Buyer, kefu.Id, CancellationToken.None);

        Assert.Equal(kefu.Id, online.Value.Id);
        Assert.NotNull(await world.Support.InboxEntryAsync(kefu.Id, SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        var row = JsonDocument.Parse(Assert.Single(world.SentTo(kefu.RealtimeUserId))).RootElement;
        Assert.Equal(("user_online", 1, "Jason"), (row.GetProperty("event").GetString(), row.GetProperty("data").GetProperty("online").GetInt32(),
            row.GetProperty("data").GetProperty("nickname").GetString()));
    }

    [Fact]
    public async Task AConnectionWhoseDisconnectedNeverArrives_GoesOfflineWithItsLease_UnlessItsTrafficRenewsIt()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        var buyerConnection = new RealtimeConnection(HubNames.Likeshop, "buyer-phone", world.Buyer.RealtimeUserId,
            LikeshopConnectionState.Of(world.Buyer));
        await world.Dialect.ConnectedAsync(buyerConnection, CancellationToken.None);
        await world.Presence.ConnectedAsync(kefu, "agent-desk", CancellationToken.None);

        world.Time.Advance(PresenceLease.RenewAfter);
        await world.Dialect.RenewAsync(buyerConnection, CancellationToken.None); // the buyer pings; the agent's app was killed
        world.Time.Advance(PresenceLease.Duration - PresenceLease.RenewAfter + TimeSpan.FromSeconds(1));

        Assert.True(await world.PresenceStore.IsOnlineAsync(HubNames.Likeshop, world.Buyer.RealtimeUserId, CancellationToken.None));
        Assert.False(await world.PresenceStore.IsOnlineAsync(HubNames.Likeshop, kefu.RealtimeUserId, CancellationToken.None));
    }

    [Fact]
    public async Task ComingOnline_ToAnAgentOfAnotherShop_OrAsAnAgent_IsRefused()
    {
        var world = new SupportScenario();
        var (kefu, elsewhere) = (await world.KefuAsync("客服小王"), await world.KefuAsync("别家", shopId: 7));

        var foreign = await world.Presence.ComeOnlineAsync(world.Buyer, elsewhere.Id, CancellationToken.None);
        var asAgent = await world.Presence.ComeOnlineAsync(kefu, kefu.Id, CancellationToken.None);

        Assert.Equal((SupportErrors.AgentNotFound, SupportErrors.BuyersOnly), (foreign.Error?.Code, asAgent.Error?.Code));
        Assert.Empty(world.Recorded.Calls);
    }

    [Fact]
    public async Task OnlyTheBuyersLastConnectionClosing_TellsTheServingAgentTheyLeft()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        await world.BuyerWritesAsync(kefu);
        await world.Presence.ConnectedAsync(world.Buyer, "phone", CancellationToken.None);
        await world.Presence.ConnectedAsync(world.Buyer, "laptop", CancellationToken.None);

        await world.Presence.DisconnectedAsync(world.Buyer, "phone", lastKnownAgent: null, CancellationToken.None);
        var afterFirst = world.SentTo(kefu.RealtimeUserId).Count;
        await world.Presence.DisconnectedAsync(world.Buyer, "laptop", lastKnownAgent: null, CancellationToken.None);

        Assert.False(await world.PresenceStore.IsOnlineAsync(HubNames.Likeshop, "user:12", CancellationToken.None));
        var offline = JsonDocument.Parse(world.SentTo(kefu.RealtimeUserId).Last()).RootElement;
        Assert.Equal(("user_online", 0), (offline.GetProperty("event").GetString(), offline.GetProperty("data").GetProperty("online").GetInt32()));
        Assert.Equal(afterFirst + 1, world.SentTo(kefu.RealtimeUserId).Count);
    }
}
