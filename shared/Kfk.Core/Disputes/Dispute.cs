using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

/// <summary>
/// A dispute (kuaifaka 投诉, the <c>report</c>) about one order, with the order's shop chain copied in when it opened.
/// Open until finished or withdrawn; at most one open dispute per order.
/// </summary>
public sealed record Dispute(
    long ReportId,
    string OrderSn,
    long ShopId,
    long? ProxyShopId,
    long? TopProxyShopId,
    string Amount,
    string Reason,
    string? CustomerContact,
    string? CustomerPhone,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    bool Handled = false,
    bool Refunded = false,
    bool Finished = false,
    bool Withdrawn = false,
    bool Overdue = false,
    DateTimeOffset? UpdatedAt = null)
{
    public bool IsOpen => !Finished && !Withdrawn;

    /// <summary>The lifecycle step: open → handled → refunded → finished, or withdrawn.</summary>
    public string Status =>
        Withdrawn ? "withdrawn"
        : Finished ? "finished"
        : Refunded ? "refunded"
        : Handled ? "handled"
        : "open";

    /// <summary>Whether <paramref name="shopId"/> is the merchant, reseller or supplier of the disputed order.</summary>
    public bool Involves(long shopId) => RoleOf(shopId) is not null;

    /// <summary>The role the shop plays in the disputed order, or null when it is not in the chain.</summary>
    public ShopRole? RoleOf(long shopId) =>
        shopId == ShopId ? ShopRole.Merchant
        : shopId == ProxyShopId ? ShopRole.Proxy
        : shopId == TopProxyShopId ? ShopRole.TopProxy
        : null;
}

public enum DisputeAction
{
    Handle,
    Refund,
    Finish,
    Withdraw,
}

/// <summary>A dispute as stored, with the version its next update must match.</summary>
public sealed record StoredDispute(Dispute Dispute, string Version);
