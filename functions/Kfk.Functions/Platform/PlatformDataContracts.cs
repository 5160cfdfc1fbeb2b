using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

public sealed record CustomerServiceCardRequest(int? Type, string? Wechat, string? Phone, string? BusinessTime, string? Image)
{
    public Error? Validate() => PlatformDataRules.First(
        Type is not (1 or 2) ? Error.Validation("invalid_type", "customer_service.type must be 1 (manual) or 2 (online).", "customer_service.type") : null,
        PlatformDataRules.Text(Wechat, "customer_service.wechat", 100),
        PlatformDataRules.Text(Phone, "customer_service.phone", 50),
        PlatformDataRules.Text(BusinessTime, "customer_service.business_time", 100),
        PlatformDataRules.Url(Image, "customer_service.image"));

    /// <summary>The validated card (call <see cref="Validate"/> first).</summary>
    public CustomerServiceCard ToCard() => new(Type!.Value, Wechat, Phone, BusinessTime, Image);
}

public sealed record UpsertShopRequest(string? Name, string? Avatar, bool? OnlineService, CustomerServiceCardRequest? CustomerService, string? OfflineMessage);

public sealed record UpsertUserRequest(string? Nickname, string? Avatar, string? Mobile, string? Sn, int? Level, string? LevelName,
    string? TotalOrderAmount, string? Birthday, int? Client, DateTimeOffset? CreateTime);

public sealed record UpsertGoodsRequest(long? ShopId, string? Name, string? Image, string? MinPrice);

public sealed record OrderLineRequest(long? GoodsId, string? Name, string? Image, string? Price, int? Num, string? SpecValue = null);

public sealed record UpsertOrderRequest(long? ShopId, long? UserId, int? OrderType, string? OrderTypeText, int? OrderStatus, string? OrderStatusText,
    string? OrderAmount, DateTimeOffset? CreateTime, IReadOnlyList<OrderLineRequest>? Goods, long? ProxyShopId, long? TopProxyShopId);

/// <summary>Wire shape of a buyer: the spec calls them users.</summary>
public sealed record UserResponse(long Id, string Nickname, string? Avatar, string? Mobile, string? Sn, int? Level, string? LevelName,
    string? TotalOrderAmount, string? Birthday, int? Client, DateTimeOffset? CreateTime, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(Buyer buyer) => new(buyer.Id, buyer.Nickname, buyer.Avatar, buyer.Mobile, buyer.Sn, buyer.Level,
        buyer.LevelName, buyer.TotalOrderAmount, buyer.Birthday, buyer.Client, buyer.CreateTime, buyer.UpdatedAt);
}
