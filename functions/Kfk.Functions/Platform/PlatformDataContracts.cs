using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

public sealed record CustomerServiceCardRequest(int? Type, string? Wechat, string? Phone, string? BusinessTime, string? Image);

public sealed record UpsertShopRequest(string? Name, string? Avatar, bool? OnlineService, CustomerServiceCardRequest? CustomerService, string? OfflineMessage);

public sealed record UpsertUserRequest(string? Nickname, string? Avatar, string? Mobile, string? Sn, int? Level, string? LevelName,
    string? TotalOrderAmount, string? Birthday, int? Client);

public sealed record UpsertGoodsRequest(long? ShopId, string? Name, string? Image, string? MinPrice);

public sealed record OrderLineRequest(long? GoodsId, string? Name, string? Image, string? Price, int? Num);

public sealed record UpsertOrderRequest(long? ShopId, long? UserId, int? OrderType, string? OrderTypeText, int? OrderStatus, string? OrderStatusText,
    string? OrderAmount, DateTimeOffset? CreateTime, IReadOnlyList<OrderLineRequest>? Goods, long? ProxyShopId, long? TopProxyShopId);

/// <summary>Wire shape of a buyer: the spec calls them users.</summary>
public sealed record UserResponse(long Id, string Nickname, string? Avatar, string? Mobile, string? Sn, int? Level, string? LevelName,
    string? TotalOrderAmount, string? Birthday, int? Client, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(Buyer buyer) => new(buyer.Id, buyer.Nickname, buyer.Avatar, buyer.Mobile, buyer.Sn, buyer.Level,
        buyer.LevelName, buyer.TotalOrderAmount, buyer.Birthday, buyer.Client, buyer.UpdatedAt);
}
