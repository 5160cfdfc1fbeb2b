using System.Security.Claims;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Disputes;

/// <summary>
/// Who calls the disputes API: the platform (<c>X-Kfk-Api-Key</c>), or a Bearer Kfk token of platform staff, a shop
/// account or an order's buyer; the <see cref="KfkPolicies.DisputeCaller"/> policy admits no one else.
/// </summary>
public static class DisputeCaller
{
    /// <summary>The caller of an endpoint under <see cref="KfkPolicies.DisputeCaller"/> (staff already checked there).</summary>
    public static DisputeActor Of(ClaimsPrincipal user) => user.IsPlatform() ? new DisputeActor.Platform() : user.KfkPrincipal() switch
    {
        { Kind: PrincipalKind.Admin, KefuId: { } kefuId } => new DisputeActor.Staff(kefuId),
        { Kind: PrincipalKind.Shop, ShopId: { } shopId } => new DisputeActor.ShopAccount(shopId),
        { Kind: PrincipalKind.BuyerOrder, OrderSn: { } sn } => new DisputeActor.Buyer(sn),
        _ => throw new InvalidOperationException($"Not a dispute caller: the endpoint should be under the {KfkPolicies.DisputeCaller} policy."),
    };

    /// <summary>Whether the caller may read the dispute: platform and staff all, a shop of the chain, the order's buyer.</summary>
    public static bool MayRead(DisputeActor actor, Dispute dispute) => actor switch
    {
        DisputeActor.Platform or DisputeActor.Staff => true,
        DisputeActor.ShopAccount shop => dispute.Involves(shop.ShopId),
        DisputeActor.Buyer buyer => buyer.OrderSn == dispute.OrderSn,
        _ => false,
    };
}
