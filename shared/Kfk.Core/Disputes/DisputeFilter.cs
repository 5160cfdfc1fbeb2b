namespace Kfk.Core.Disputes;

public sealed record DisputeFilter(bool? Open = null, bool? Overdue = null, long? ShopId = null, string? OrderSn = null);
