using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Support;

/// <summary>
/// Shops, agents and goods as the chat hot path reads them: each kept for <see cref="Ttl"/>, so that a warm chat reads no
/// table. A change (an agent disabled, a shop's service switched off) shows within that time.
/// </summary>
public sealed class SupportDirectory(IPlatformDataStore platform, IAgentStore agents, TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly ShortLivedCache<long, Shop> _shops = new(Ttl, time);
    private readonly ShortLivedCache<long, Agent> _agents = new(Ttl, time);
    private readonly ShortLivedCache<long, Goods> _goods = new(Ttl, time);

    public Task<Shop?> ShopAsync(long shopId, CancellationToken cancellationToken) => _shops.GetAsync(shopId, platform.FindShopAsync, cancellationToken);

    public Task<Agent?> AgentAsync(long kefuId, CancellationToken cancellationToken) => _agents.GetAsync(kefuId, agents.FindAsync, cancellationToken);

    public Task<Goods?> GoodsAsync(long goodsId, CancellationToken cancellationToken) => _goods.GetAsync(goodsId, platform.FindGoodsAsync, cancellationToken);

    /// <summary>The agent when it is an enabled agent of the shop; else null.</summary>
    public async Task<Agent?> EnabledAgentAsync(long shopId, long kefuId, CancellationToken cancellationToken) =>
        await AgentAsync(kefuId, cancellationToken) is { Disabled: false } agent && agent.ShopId == shopId ? agent : null;
}
