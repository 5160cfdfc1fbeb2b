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
    public bool Involves(long shopId) => shopId == ShopId || shopId == ProxyShopId || shopId == TopProxyShopId;

    public DisputeShopRole? RoleOf(long shopId) =>
        shopId == ShopId ? DisputeShopRole.Merchant
        : shopId == ProxyShopId ? DisputeShopRole.Proxy
        : shopId == TopProxyShopId ? DisputeShopRole.TopProxy
        : null;
}

public enum DisputeShopRole
{
    Merchant,
    Proxy,
    TopProxy,
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
