using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

/// <summary>Where a login asks to sit in a dispute room.</summary>
public enum RoomSeat
{
    Buyer,
    Shop,
    Staff,
}

/// <summary>
/// Enter a dispute room with a token: a buyer token only its own order's room; a shop token only rooms of orders whose
/// latest dispute involves the shop (its chain role follows from the dispute); platform staff (an enabled admin of shop 0)
/// any existing order's room.
/// </summary>
public sealed class EnterRoom(TokenService tokens, IAgentStore agents, IPlatformDataStore platform, IDisputeStore disputes)
{
    public async Task<Result<RoomMember>> ExecuteAsync(string? room, string? token, RoomSeat? seat, CancellationToken cancellationToken)
    {
        if (!PlatformDataRules.IsOrderSn(room))
        {
            return Error.Validation(RoomErrors.RoomInvalid, "room must be an order number.", "room");
        }
        var principal = await tokens.AuthenticateAsync(token, cancellationToken);
        return await SeatAsync(seat, principal, room!, cancellationToken) is { } member
            ? member
            : Error.Unauthorized(RoomErrors.EntryRefused, "The token is not valid for this room in this seat.");
    }

    private async Task<RoomMember?> SeatAsync(RoomSeat? seat, Principal? principal, string room, CancellationToken cancellationToken)
    {
        switch (seat, principal)
        {
            case (RoomSeat.Buyer, { Kind: PrincipalKind.BuyerOrder, OrderSn: { } sn }) when sn == room:
                return await platform.FindOrderAsync(room, cancellationToken) is null
                    ? null
                    : new RoomMember(room, new DisputeActor.Buyer(room), principal.RealtimeUserId);
            case (RoomSeat.Shop, { Kind: PrincipalKind.Shop, ShopId: { } shopId }):
                var dispute = await disputes.FindLatestForOrderAsync(room, cancellationToken);
                return dispute?.Dispute.RoleOf(shopId) is { } chainRole
                    ? new RoomMember(room, new DisputeActor.ShopAccount(shopId), principal.RealtimeUserId, chainRole)
                    : null;
            case (RoomSeat.Staff, { Kind: PrincipalKind.Admin, KefuId: { } kefuId }):
                var agent = await agents.FindAsync(kefuId, cancellationToken);
                var isStaff = agent is { Disabled: false, Role: AgentRole.Admin, ShopId: Shop.PlatformShopId };
                return isStaff && await platform.FindOrderAsync(room, cancellationToken) is not null
                    ? new RoomMember(room, new DisputeActor.Staff(kefuId), principal.RealtimeUserId)
                    : null;
            default:
                return null;
        }
    }
}
