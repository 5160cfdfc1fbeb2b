using Kfk.Core.Disputes;

namespace Kfk.Functions.Disputes;

public sealed record OpenDisputeBody(string? OrderSn, string? Amount, string? Reason, string? CustomerContact, string? CustomerPhone);

public sealed record DisputeActionBody(string? Action, string? Note);

/// <summary>A dispute on the native API: the legacy field names (<c>report_handle</c> a string) plus the lifecycle.</summary>
public sealed record DisputeResponse(
    long ReportId,
    string OrderSn,
    long AccountId,
    long? ProxyShopId,
    long? TopProxyShopId,
    string Amount,
    string Reason,
    string CustomerContact,
    string CustomerPhone,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    string ReportHandle,
    int RollMoney,
    int ReportFinish,
    bool Withdrawn,
    bool Overdue,
    string Status,
    string State)
{
    public static DisputeResponse From(Dispute d, DateTimeOffset now) => new(
        d.ReportId, d.OrderSn, d.ShopId, d.ProxyShopId, d.TopProxyShopId, d.Amount, d.Reason, d.CustomerContact ?? "", d.CustomerPhone ?? "",
        d.CreatedAt, d.DueAt, d.Handled ? "1" : "0", d.Refunded ? 1 : 0, d.Finished ? 1 : 0, d.Withdrawn, d.Overdue, d.Status,
        DisputeState.Text(d, now));
}

public sealed record DisputeListResponse(IReadOnlyList<DisputeResponse> List);
