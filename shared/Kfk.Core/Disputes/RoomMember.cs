using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

/// <summary>
/// Someone in an order's dispute room: the room (the order number), who they are for the dispute rules, their principal
/// for audits (<c>order:…</c>, <c>shop:…</c>, <c>kefu:…</c>) and, for a shop, its place in the order's chain.
/// </summary>
public sealed record RoomMember(string Room, DisputeActor Actor, string PrincipalId, ShopRole? ChainRole = null)
{
    /// <summary>The history type code this member writes with.</summary>
    public string Sender => Actor switch
    {
        DisputeActor.Buyer => RoomSender.Buyer,
        DisputeActor.ShopAccount => RoomSender.Merchant,
        DisputeActor.Staff => RoomSender.Staff,
        _ => RoomSender.System,
    };

    public bool IsStaff => Actor is DisputeActor.Staff;
}
