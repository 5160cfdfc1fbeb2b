using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.Likeshop;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;
using Kfk.Core.Support;
using Kfk.Testing;
using Kfk.Testing.InMemory;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Core.Tests.Support;

/// <summary>
/// The support use cases over in-memory stores, delivering through the likeshop notifier to <see cref="Realtime"/>: a shop
/// with its online service on, a buyer, and agents made on demand.
/// </summary>
internal sealed class SupportScenario
{
    public const long ShopId = 6;
    public const long UserId = 12;

    public SupportScenario(IRealtimeHub? realtime = null)
    {
        Realtime = realtime ?? Recorded;
        PresenceStore = new InMemoryPresenceStore(Time);
        Support = new InMemorySupportStore(Time);
        Platform = new InMemoryPlatformDataStore(Time);
        var notifier = new LikeshopNotifier(Realtime, LikeshopUrls.AbsoluteOnly, PlatformTimeZone.ChinaStandardTime);
        var directory = new SupportDirectory(Platform, Agents, Time);
        Send = new SendSupportMessage(Support, directory, Media, notifier, new CompletedDeliveries(), Time);
        Transfer = new TransferConversation(Support, Agents, Platform, PresenceStore, notifier, Time);
        MarkRead = new MarkConversationRead(Support, directory, notifier);
        Presence = new SupportPresence(Support, PresenceStore, directory, notifier, Time);
        Typing = new RelayTyping(Support, directory, notifier, Time);
        Sync = new SyncConversation(Support);
        Tokens = new TokenService(new InMemoryTokenStore(), Platform, Agents, Time);
        Dialect = new LikeshopDialect(Tokens, new SupportSignIn(Agents, Platform), Presence, Send, Transfer, MarkRead, Typing, Sync, Realtime,
            LikeshopUrls.AbsoluteOnly, PlatformTimeZone.ChinaStandardTime, Time);
        Platform.UpsertShopAsync(new Shop(ShopId, "数码店", null, true, null, null, Time.GetUtcNow()), CancellationToken.None).GetAwaiter().GetResult();
        Platform.UpsertBuyerAsync(new Buyer(UserId, "Jason", "https://img.example/u.png", null, null, null, null, null, null, 6, Time.GetUtcNow()),
            CancellationToken.None).GetAwaiter().GetResult();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2031, 5, 17, 8, 0, 0, TimeSpan.Zero));
    public InMemoryRealtimeHub Recorded { get; } = new();
    public IRealtimeHub Realtime { get; }
    public InMemorySupportStore Support { get; }
    public InMemoryPlatformDataStore Platform { get; }
    public InMemoryAgentStore Agents { get; } = new();
    public InMemoryPresenceStore PresenceStore { get; }
    public InMemoryMediaCatalog Media { get; } = new();

    public SendSupportMessage Send { get; }
    public TransferConversation Transfer { get; }
    public MarkConversationRead MarkRead { get; }
    public SupportPresence Presence { get; }
    public RelayTyping Typing { get; }
    public SyncConversation Sync { get; }
    public TokenService Tokens { get; }
    public LikeshopDialect Dialect { get; }

    public SupportActor Buyer { get; } = new(Party.User, UserId, ShopId, "Jason", "https://img.example/u.png", Client: 6);

    public async Task<SupportActor> KefuAsync(string nickname, long shopId = ShopId, bool disabled = false)
    {
        var now = Time.GetUtcNow();
        var agent = await Agents.CreateAsync(id => new Agent(id, shopId, "kefu" + nickname, nickname, null, 0, AgentRole.Kefu, disabled, "hash", now, now), CancellationToken.None);
        return new SupportActor(Party.Kefu, agent!.Id, shopId, nickname, null);
    }

    public async Task OnlineAsync(SupportActor actor) =>
        await PresenceStore.AddConnectionAsync(HubNames.Likeshop, actor.RealtimeUserId, "c-" + actor.RealtimeUserId, CancellationToken.None);

    /// <summary>The buyer writes to the agent (which makes it the serving one).</summary>
    public async Task<SentMessage> BuyerWritesAsync(SupportActor kefu, string text = "在吗") =>
        (await Send.ExecuteAsync(Buyer, Text(text, kefu.Id, Party.Kefu), null, "buyer-phone", CancellationToken.None)).Value;

    public static SendMessageRequest Text(string text, long toId, string toType, string? clientMsgId = null) =>
        new(SupportMessageType.Text, text, toId, toType, clientMsgId);

    /// <summary>What the recorded hub sent to <paramref name="target"/> (<c>user:12</c>, <c>id:user:12</c>), in order.</summary>
    public List<string> SentTo(string target) =>
        [.. Recorded.Calls.Where(c => c.Split(' ', 4) is [_, HubNames.Likeshop, var t, _] && t.Split(',').Contains(target)).Select(c => c.Split(' ', 4)[3])];
}
