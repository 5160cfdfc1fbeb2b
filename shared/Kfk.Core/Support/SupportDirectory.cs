using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Support;

/// <summary>
/// Shops, agents and goods as the chat hot path reads them: each kept for <see cref="Ttl"/>, so that a warm chat reads no
/// table. A change (an agent disabled, a shop's service switched off) shows within that time.
/// </summary>
public sealed class SupportDirectory(IPlatformDataStore platform, IAgentStore agents, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly RecordCache _records = new(Ttl, time);

    public Task<Shop?> ShopAsync(long shopId, CancellationToken cancellationToken) =>
        _records.GetAsync((nameof(Shop), shopId), (key, ct) => platform.FindShopAsync(key.shopId, ct), cancellationToken);

    public Task<Agent?> AgentAsync(long kefuId, CancellationToken cancellationToken) =>
        _records.GetAsync((nameof(Agent), kefuId), (key, ct) => agents.FindAsync(key.kefuId, ct), cancellationToken);

    public Task<Goods?> GoodsAsync(long goodsId, CancellationToken cancellationToken) =>
        _records.GetAsync((nameof(Goods), goodsId), (key, ct) => platform.FindGoodsAsync(key.goodsId, ct), cancellationToken);

    /// <summary>The agent when it is an enabled agent of the shop; else null.</summary>
    public async Task<Agent?> EnabledAgentAsync(long shopId, long kefuId, CancellationToken cancellationToken) =>
        await AgentAsync(kefuId, cancellationToken) is { Disabled: false } agent && agent.ShopId == shopId ? agent : null;

    public void Dispose() => _records.Dispose();
}
