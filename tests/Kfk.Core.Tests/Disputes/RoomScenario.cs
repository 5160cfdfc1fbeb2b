using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.Kuaifaka;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;
using Kfk.Testing;
using Kfk.Testing.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Core.Tests.Disputes;

/// <summary>
/// The dispute room use cases over in-memory stores, delivering through the kfk notifier to <see cref="Recorded"/>: an
/// order of merchant 18 (reseller 19, supplier 20) with an open dispute, and platform staff.
/// </summary>
internal sealed class RoomScenario
{
    public const string OrderSn = "kfk1906283139aaf3";
    public const long Merchant = 18, Proxy = 19, TopProxy = 20, Stranger = 21;

    private RoomScenario()
    {
        Platform = new InMemoryPlatformDataStore(Time);
        Tokens = new TokenService(new InMemoryTokenStore(), Platform, Agents, Time);
        var notifier = new KfkRoomNotifier(Recorded);
        Disputes = new DisputeService(DisputeStore, Rooms, Platform, notifier, Options, Time);
        Enter = new EnterRoom(Tokens, Agents, Platform, DisputeStore);
        Say = new SayInRoom(Rooms, Media, notifier, new CompletedDeliveries(), Options, Time);
        History = new ReadRoomHistory(Rooms);
        Detail = new ReadDisputeDetail(DisputeStore, Platform, Time);
        Dialect = new KfkDialect(Enter, Say, History, Detail, Recorded, PlatformTimeZone.ChinaStandardTime, Time);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2031, 5, 17, 8, 0, 0, TimeSpan.Zero));
    public DisputeOptions Options { get; } = new();
    public InMemoryRealtimeHub Recorded { get; } = new();
    public InMemoryPlatformDataStore Platform { get; }
    public InMemoryAgentStore Agents { get; } = new();
    public InMemoryDisputeStore DisputeStore { get; } = new();
    public InMemoryRoomStore Rooms { get; } = new();
    public InMemoryMediaCatalog Media { get; } = new();
    public TokenService Tokens { get; }

    public DisputeService Disputes { get; }
    public EnterRoom Enter { get; }
    public SayInRoom Say { get; }
    public ReadRoomHistory History { get; }
    public ReadDisputeDetail Detail { get; }
    public KfkDialect Dialect { get; }

    public RoomMember Buyer { get; } = new(OrderSn, new DisputeActor.Buyer(OrderSn), RealtimeUserIds.Order(OrderSn));
    public RoomMember MerchantAccount { get; } = new(OrderSn, new DisputeActor.ShopAccount(Merchant), RealtimeUserIds.Shop(Merchant), ShopRole.Merchant);
    public RoomMember ProxyAccount { get; } = new(OrderSn, new DisputeActor.ShopAccount(Proxy), RealtimeUserIds.Shop(Proxy), ShopRole.Proxy);

    /// <summary>The order, its shops and its open dispute (whose opening message is the room's first).</summary>
    public static async Task<RoomScenario> OpenAsync()
    {
        var world = new RoomScenario();
        var now = world.Time.GetUtcNow();
        foreach (var (id, name) in new[] { (Merchant, "周文平-代理店铺"), (Proxy, "代理"), (TopProxy, "供货商"), (Stranger, "路人店") })
        {
            await world.Platform.UpsertShopAsync(new Shop(id, name, $"https://img.example/{id}.jpeg", true, null, null, now), CancellationToken.None);
        }
        await world.Platform.UpsertOrderAsync(new Order(OrderSn, Merchant, null, null, null, null, null, "10.00", now, [], Proxy, TopProxy, now), CancellationToken.None);
        var opened = await world.Disputes.OpenAsync(new OpenDisputeRequest(OrderSn, "10.00", "卡密无效", "475281441", "13560822174"), CancellationToken.None);
        Assert.True(opened.IsSuccess);
        return world;
    }

    /// <summary>Say, delivering through another hub (a failing one).</summary>
    public SayInRoom SayThrough(IRealtimeHub realtime) => new(Rooms, Media, new KfkRoomNotifier(realtime), new CompletedDeliveries(), Options, Time);

    public async Task<string> TokenAsync(Principal principal) => (await Tokens.IssueAsync(principal, null, CancellationToken.None)).Value.Token;

    public async Task<Agent> StaffAsync()
    {
        var now = Time.GetUtcNow();
        return (await Agents.CreateAsync(id => new Agent(id, Shop.PlatformShopId, "staff", "平台客服", null, 0, AgentRole.Admin, false, "hash", now, now), CancellationToken.None))!;
    }

    /// <summary>What the recorded hub sent to <paramref name="group"/> (<c>room:…</c>, <c>room-buyer:…</c>), in order.</summary>
    public List<string> SentTo(string group) =>
        [.. Recorded.Calls.Where(c => c.Split(' ', 4) is ["group", HubNames.Kfk, var g, _] && g == group).Select(c => c.Split(' ', 4)[3])];
}
