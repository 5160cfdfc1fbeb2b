using System.Collections.Concurrent;
using Kfk.Core.PlatformData;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IPlatformDataStore"/> in memory; shop 0 (the platform's own customer service) always exists.</summary>
public sealed class InMemoryPlatformDataStore(TimeProvider? time = null) : IPlatformDataStore
{
    private readonly ConcurrentDictionary<long, Shop> _shops = new();
    private readonly ConcurrentDictionary<long, Buyer> _buyers = new();
    private readonly ConcurrentDictionary<long, Goods> _goods = new();
    private readonly ConcurrentDictionary<string, Order> _orders = new(StringComparer.Ordinal);

    public Task UpsertShopAsync(Shop shop, CancellationToken cancellationToken) => Put(_shops, shop.Id, shop);

    public Task<Shop?> FindShopAsync(long id, CancellationToken cancellationToken) =>
        Task.FromResult(_shops.GetValueOrDefault(id) ?? (id == Shop.PlatformShopId ? Shop.Platform((time ?? TimeProvider.System).GetUtcNow()) : null));

    public Task UpsertBuyerAsync(Buyer buyer, CancellationToken cancellationToken) => Put(_buyers, buyer.Id, buyer);

    public Task<Buyer?> FindBuyerAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_buyers.GetValueOrDefault(id));

    public Task UpsertGoodsAsync(Goods goods, CancellationToken cancellationToken) => Put(_goods, goods.Id, goods);

    public Task<Goods?> FindGoodsAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_goods.GetValueOrDefault(id));

    public Task UpsertOrderAsync(Order order, CancellationToken cancellationToken) => Put(_orders, order.Sn, order);

    public Task<Order?> FindOrderAsync(string sn, CancellationToken cancellationToken) => Task.FromResult(_orders.GetValueOrDefault(sn));

    public Task<IReadOnlyList<Order>> ListOrdersAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        IReadOnlyList<Order> orders = [.. _orders.Values.Where(o => o.ShopId == shopId && o.UserId == userId)
            .OrderByDescending(o => o.CreateTime ?? o.UpdatedAt).ThenByDescending(o => o.Sn, StringComparer.Ordinal)];
        return Task.FromResult(orders);
    }

    private static Task Put<TKey, TValue>(ConcurrentDictionary<TKey, TValue> records, TKey key, TValue value)
        where TKey : notnull
    {
        records[key] = value;
        return Task.CompletedTask;
    }
}
