using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

/// <summary>An order with its goods and shop chain on the native API (<c>PUT/GET /api/v1/orders/{order_sn}</c>).</summary>
public sealed record OrderResponse(
    string Sn,
    long ShopId,
    long? UserId,
    int? OrderType,
    string? OrderTypeText,
    int? OrderStatus,
    string? OrderStatusText,
    string? OrderAmount,
    DateTimeOffset? CreateTime,
    IReadOnlyList<OrderLineResponse> Goods,
    long? ProxyShopId,
    long? TopProxyShopId,
    DateTimeOffset UpdatedAt)
{
    public static OrderResponse From(Order order) => new(order.Sn, order.ShopId, order.UserId, order.OrderType, order.OrderTypeText,
        order.OrderStatus, order.OrderStatusText, order.OrderAmount, order.CreateTime, [.. order.Goods.Select(OrderLineResponse.From)],
        order.ProxyShopId, order.TopProxyShopId, order.UpdatedAt);
}

/// <summary>One goods line of an <see cref="OrderResponse"/>.</summary>
public sealed record OrderLineResponse(long GoodsId, string Name, string? Image, string? Price, int Num, string? SpecValue)
{
    public static OrderLineResponse From(OrderLine line) => new(line.GoodsId, line.Name, line.Image, line.Price, line.Num, line.SpecValue);
}
