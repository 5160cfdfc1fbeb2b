using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.PlatformData;

namespace Kfk.Azure.PlatformData;

/// <summary>
/// Table <c>PlatformData</c>: one entity per record, <c>PartitionKey</c> = <c>{kind}:{id}</c> (kind = shop, buyer, goods,
/// order), <c>RowKey</c> = "", the record as JSON in <c>Data</c>. Every read is a point read; upserts replace.
/// Orders with a buyer are also indexed under <c>PartitionKey</c> = <c>orders:{shopId}:{userId}</c>, <c>RowKey</c> = the
/// order number (a copy of the record), so a buyer's orders in a shop are one partition query.
/// </summary>
public sealed class TablePlatformDataStore(TableServiceClient tables, TimeProvider time) : IPlatformDataStore
{
    public const string TableName = "PlatformData";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public Task UpsertShopAsync(Shop shop, CancellationToken cancellationToken) => UpsertAsync("shop", Id(shop.Id), shop, StorageJson.Shops, cancellationToken);

    public async Task<Shop?> FindShopAsync(long id, CancellationToken cancellationToken) =>
        await FindAsync("shop", Id(id), StorageJson.Shops, cancellationToken) ?? (id == Shop.PlatformShopId ? Shop.Platform(time.GetUtcNow()) : null);

    public Task UpsertBuyerAsync(Buyer buyer, CancellationToken cancellationToken) => UpsertAsync("buyer", Id(buyer.Id), buyer, StorageJson.Buyers, cancellationToken);

    public Task<Buyer?> FindBuyerAsync(long id, CancellationToken cancellationToken) => FindAsync("buyer", Id(id), StorageJson.Buyers, cancellationToken);

    public Task UpsertGoodsAsync(Goods goods, CancellationToken cancellationToken) => UpsertAsync("goods", Id(goods.Id), goods, StorageJson.Goods, cancellationToken);

    public Task<Goods?> FindGoodsAsync(long id, CancellationToken cancellationToken) => FindAsync("goods", Id(id), StorageJson.Goods, cancellationToken);

    public async Task UpsertOrderAsync(Order order, CancellationToken cancellationToken)
    {
        var previous = await FindOrderAsync(order.Sn, cancellationToken);
        await UpsertAsync("order", order.Sn, order, StorageJson.Orders, cancellationToken);
        if (previous is { UserId: { } oldUser } && (previous.ShopId != order.ShopId || oldUser != order.UserId))
        {
            await _table.DeleteEntityAsync(OrderIndex(previous.ShopId, oldUser), order.Sn, ETag.All, cancellationToken);
        }
        if (order.UserId is { } userId)
        {
            var entity = new TableEntity(OrderIndex(order.ShopId, userId), order.Sn) { ["Data"] = StorageJson.Orders.Write(order) };
            await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<Order>> ListOrdersAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        var partition = OrderIndex(shopId, userId);
        var orders = new List<Order>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["Data"], cancellationToken: cancellationToken))
        {
            orders.Add(StorageJson.Orders.Read(row.GetString("Data"))!);
        }
        return [.. orders.OrderByDescending(o => o.CreateTime ?? o.UpdatedAt).ThenByDescending(o => o.Sn, StringComparer.Ordinal)];
    }

    private static string OrderIndex(long shopId, long userId) => $"orders:{Id(shopId)}:{Id(userId)}";

    public Task<Order?> FindOrderAsync(string sn, CancellationToken cancellationToken) => FindAsync("order", sn, StorageJson.Orders, cancellationToken);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task UpsertAsync<T>(string kind, string id, T record, StorageCodec<T> codec, CancellationToken cancellationToken)
        where T : class
    {
        var entity = new TableEntity($"{kind}:{id}", "") { ["Data"] = codec.Write(record) };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private async Task<T?> FindAsync<T>(string kind, string id, StorageCodec<T> codec, CancellationToken cancellationToken)
        where T : class
    {
        NullableResponse<TableEntity> found = await _table.GetEntityIfExistsAsync<TableEntity>($"{kind}:{id}", "", ["Data"], cancellationToken);
        return found.HasValue && found.Value!.GetString("Data") is { } data ? codec.Read(data) : null;
    }
}
