using System.Text.Json.Serialization;
using Kfk.Core.PlatformData;

namespace Kfk.Azure.PlatformData;

// The stored shapes of the platform records that are also the public HTTP contract: renaming a
// property of Shop, Goods or Order changes the API, not these rows. Property order is the stored order.

internal sealed record CustomerServiceCardRow(int Type, string? Wechat, string? Phone, string? BusinessTime, string? Image)
{
    public static CustomerServiceCardRow From(CustomerServiceCard card) => new(card.Type, card.Wechat, card.Phone, card.BusinessTime, card.Image);

    public CustomerServiceCard ToCard() => new(Type, Wechat, Phone, BusinessTime, Image);
}

internal sealed record ShopRow(
    long Id,
    string Name,
    string? Avatar,
    bool OnlineService,
    CustomerServiceCardRow? CustomerService,
    string? OfflineMessage,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? UnreadAfterSeconds = null) // absent unless a shop set it: older rows stay byte for byte
{
    public static ShopRow From(Shop shop) =>
        new(shop.Id, shop.Name, shop.Avatar, shop.OnlineService, shop.CustomerService is { } card ? CustomerServiceCardRow.From(card) : null,
            shop.OfflineMessage, shop.UpdatedAt, shop.UnreadAfterSeconds);

    public Shop ToShop() => new(Id, Name, Avatar, OnlineService, CustomerService?.ToCard(), OfflineMessage, UpdatedAt, UnreadAfterSeconds);
}

internal sealed record GoodsRow(long Id, long ShopId, string Name, string? Image, string? MinPrice, DateTimeOffset UpdatedAt)
{
    public static GoodsRow From(Goods goods) => new(goods.Id, goods.ShopId, goods.Name, goods.Image, goods.MinPrice, goods.UpdatedAt);

    public Goods ToGoods() => new(Id, ShopId, Name, Image, MinPrice, UpdatedAt);
}

/// <summary>An order line; <see cref="SpecValue"/> is missing from rows stored before it was kept.</summary>
internal sealed record OrderLineRow(long GoodsId, string Name, string? Image, string? Price, int Num, string? SpecValue = null)
{
    public static OrderLineRow From(OrderLine line) => new(line.GoodsId, line.Name, line.Image, line.Price, line.Num, line.SpecValue);

    public OrderLine ToLine() => new(GoodsId, Name, Image, Price, Num, SpecValue);
}

internal sealed record OrderRow(
    string Sn,
    long ShopId,
    long? UserId,
    int? OrderType,
    string? OrderTypeText,
    int? OrderStatus,
    string? OrderStatusText,
    string? OrderAmount,
    DateTimeOffset? CreateTime,
    IReadOnlyList<OrderLineRow>? Goods,
    long? ProxyShopId,
    long? TopProxyShopId,
    DateTimeOffset UpdatedAt)
{
    public static OrderRow From(Order order) =>
        new(order.Sn, order.ShopId, order.UserId, order.OrderType, order.OrderTypeText, order.OrderStatus, order.OrderStatusText, order.OrderAmount,
            order.CreateTime, [.. order.Goods.Select(OrderLineRow.From)], order.ProxyShopId, order.TopProxyShopId, order.UpdatedAt);

    public Order ToOrder() =>
        new(Sn, ShopId, UserId, OrderType, OrderTypeText, OrderStatus, OrderStatusText, OrderAmount, CreateTime,
            [.. (Goods ?? []).Select(line => line.ToLine())], ProxyShopId, TopProxyShopId, UpdatedAt);
}
