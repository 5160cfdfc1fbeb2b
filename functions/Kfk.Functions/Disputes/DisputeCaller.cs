using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Disputes;

/// <summary>
/// Who calls the disputes API: the platform (<c>X-Kfk-Api-Key</c>), or a Bearer Kfk token of platform staff, a shop
/// account or an order's buyer. Null: not authenticated.
/// </summary>
public static class DisputeCaller
{
    public static async Task<DisputeActor?> IdentifyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var apiKey = context.Request.Headers[PlatformApiKey.HeaderName].ToString();
        if (apiKey.Length > 0)
        {
            return PlatformApiKey.Matches(apiKey, services.GetRequiredService<IOptions<PlatformOptions>>().Value.ApiKey) ? new DisputeActor.Platform() : null;
        }
        var principal = await services.GetRequiredService<TokenService>().AuthenticateAsync(BearerToken.From(context.Request), cancellationToken);
        switch (principal)
        {
            case { Kind: PrincipalKind.Admin, KefuId: { } kefuId }:
                var agent = await services.GetRequiredService<IAgentStore>().FindAsync(kefuId, cancellationToken);
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
