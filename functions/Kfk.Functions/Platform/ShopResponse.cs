using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

/// <summary>A shop on the native API (<c>PUT/GET /api/v1/shops/{shop_id}</c>).</summary>
public sealed record ShopResponse(
    long Id,
    string Name,
    string? Avatar,
    bool OnlineService,
    CustomerServiceCardResponse? CustomerService,
    string? OfflineMessage,
    DateTimeOffset UpdatedAt)
{
    public static ShopResponse From(Shop shop) => new(shop.Id, shop.Name, shop.Avatar, shop.OnlineService,
        CustomerServiceCardResponse.From(shop.CustomerService), shop.OfflineMessage, shop.UpdatedAt);
}
