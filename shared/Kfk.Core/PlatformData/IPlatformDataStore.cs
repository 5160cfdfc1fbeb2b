namespace Kfk.Core.PlatformData;

/// <summary>What the shop platform pushed: shops, buyers, goods and orders, each by id.</summary>
public interface IPlatformDataStore
{
    Task UpsertShopAsync(Shop shop, CancellationToken cancellationToken);

    Task<Shop?> FindShopAsync(long id, CancellationToken cancellationToken);

    Task UpsertBuyerAsync(Buyer buyer, CancellationToken cancellationToken);

    Task<Buyer?> FindBuyerAsync(long id, CancellationToken cancellationToken);

    Task UpsertGoodsAsync(Goods goods, CancellationToken cancellationToken);

    Task<Goods?> FindGoodsAsync(long id, CancellationToken cancellationToken);

    Task UpsertOrderAsync(Order order, CancellationToken cancellationToken);

    Task<Order?> FindOrderAsync(string sn, CancellationToken cancellationToken);

    /// <summary>A buyer's orders in one shop (the merchant of the order), newest first.</summary>
    Task<IReadOnlyList<Order>> ListOrdersAsync(long shopId, long userId, CancellationToken cancellationToken);
}
