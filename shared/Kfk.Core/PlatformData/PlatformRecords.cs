namespace Kfk.Core.PlatformData;

/// <summary>The shop's customer-service card, shown when no agent is online.</summary>
public sealed record CustomerServiceCard(int Type, string? Wechat, string? Phone, string? BusinessTime, string? Image);

/// <summary>
/// A shop of the platform. Shop 0 is the platform's own customer service and always exists. <see cref="UnreadAfterSeconds"/>
/// is the shop's own delay of <c>message.unread</c> (a customer-service setting; null: <c>Kfk:Webhooks:UnreadAfter</c>).
/// </summary>
public sealed record Shop(
    long Id,
    string Name,
    string? Avatar,
    bool OnlineService,
    CustomerServiceCard? CustomerService,
    string? OfflineMessage,
    DateTimeOffset UpdatedAt,
    int? UnreadAfterSeconds = null)
{
    public const long PlatformShopId = 0;

    /// <summary>The range a shop's <see cref="UnreadAfterSeconds"/> may take: 10 s to a day.</summary>
    public const int MinUnreadAfterSeconds = 10;
    public const int MaxUnreadAfterSeconds = 86_400;

    public static Shop Platform(DateTimeOffset now) => new(PlatformShopId, "平台客服", null, true, null, null, now);
}

/// <summary>A buyer as the shop platform describes them.</summary>
public sealed record Buyer(
    long Id,
    string Nickname,
    string? Avatar,
    string? Mobile,
    string? Sn,
    int? Level,
    string? LevelName,
    string? TotalOrderAmount,
    string? Birthday,
    int? Client,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CreateTime = null);

/// <summary>A goods record; chat messages keep a snapshot of it.</summary>
public sealed record Goods(long Id, long ShopId, string Name, string? Image, string? MinPrice, DateTimeOffset UpdatedAt);

/// <summary>One goods line of an order; <see cref="SpecValue"/> is the chosen specification as the platform shows it (e.g. "红色,XL").</summary>
public sealed record OrderLine(long GoodsId, string Name, string? Image, string? Price, int Num, string? SpecValue = null);

/// <summary>
/// An order with its shop chain: the merchant that sold it, its reseller (proxy) and supplier (top proxy).
/// Its number (<see cref="Sn"/>) names the kfk dispute room.
/// </summary>
public sealed record Order(
    string Sn,
    long ShopId,
    long? UserId,
    int? OrderType,
    string? OrderTypeText,
    int? OrderStatus,
    string? OrderStatusText,
    string? OrderAmount,
    DateTimeOffset? CreateTime,
    IReadOnlyList<OrderLine> Goods,
    long? ProxyShopId,
    long? TopProxyShopId,
    DateTimeOffset UpdatedAt);

/// <summary>The place of a shop in an order's chain (a dispute copies the chain when it opens).</summary>
public enum ShopRole
{
    Merchant,
    Proxy,
    TopProxy,
}
