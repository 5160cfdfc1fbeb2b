using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Functions.Platform;

namespace Kfk.Functions.Disputes;

/// <summary>
/// Who calls the disputes API: the platform (<c>X-Kfk-Api-Key</c>), or a Bearer Kfk token of platform staff, a shop
/// account or an order's buyer. Null: not authenticated.
/// </summary>
public static class DisputeCaller
{
    public const CallerCredentials Accepted = CallerCredentials.PlatformApiKey | CallerCredentials.BearerToken;

    public static async Task<DisputeActor?> IdentifyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var caller = await ApiCallers.IdentifyAsync(context, Accepted, cancellationToken);
        if (caller is { IsPlatform: true })
        {
            return new DisputeActor.Platform();
        }
        switch (caller?.Principal)
        {
            case { Kind: PrincipalKind.Admin, KefuId: { } kefuId }:
                var agent = await context.RequestServices.GetRequiredService<IAgentStore>().FindAsync(kefuId, cancellationToken);
                return agent is { Disabled: false, Role: AgentRole.Admin, ShopId: Shop.PlatformShopId } ? new DisputeActor.Staff(kefuId) : null;
            case { Kind: PrincipalKind.Shop, ShopId: { } shopId }:
                return new DisputeActor.ShopAccount(shopId);
            case { Kind: PrincipalKind.BuyerOrder, OrderSn: { } sn }:
                return new DisputeActor.Buyer(sn);
            default:
                return null;
        }
    }

    /// <summary>Whether the caller may read the dispute: platform and staff all, a shop of the chain, the order's buyer.</summary>
    public static bool MayRead(DisputeActor actor, Dispute dispute) => actor switch
    {
        DisputeActor.Platform or DisputeActor.Staff => true,
        DisputeActor.ShopAccount shop => dispute.Involves(shop.ShopId),
        DisputeActor.Buyer buyer => buyer.OrderSn == dispute.OrderSn,
        _ => false,
    };
}
