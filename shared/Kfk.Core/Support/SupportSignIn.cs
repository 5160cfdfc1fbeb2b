using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Support;

/// <summary>
/// Who may open a support connection: a buyer, into an existing shop (its token, when issued for a client, only for that
/// client); an enabled agent, into its own shop. Unauthorized refusals are the caller's identity; a validation refusal
/// is the shop asked for.
/// </summary>
public sealed class SupportSignIn(IAgentStore agents, IPlatformDataStore platform)
{
    /// <summary>
    /// <paramref name="party"/> is what the client says it is, <paramref name="principal"/> who its token stands for (null
    /// without a valid one), <paramref name="shopId"/> the shop it asks for (for a buyer 0, the platform's own service, when
    /// not given) and <paramref name="client"/> the legacy client code it says it runs on.
    /// </summary>
    public async Task<Result<SupportActor>> ExecuteAsync(string? party, Principal? principal, long? shopId, int? client, CancellationToken cancellationToken)
    {
        switch (party, principal)
        {
            case (Party.User, { Kind: PrincipalKind.User, UserId: { } userId }):
                if (principal.Client is { } issuedFor && client is { } claimed && issuedFor != claimed)
                {
                    return Error.Unauthorized("token_client_mismatch", "The token was issued for another client.");
                }
                var buyer = await platform.FindBuyerAsync(userId, cancellationToken);
                var shop = await platform.FindShopAsync(shopId ?? 0, cancellationToken);
                if (buyer is null)
                {
                    return Error.Unauthorized("user_not_found", "Unknown user.");
                }
                if (shop is null)
                {
                    return Error.Validation("shop_not_found", "Unknown shop.", "shop_id");
                }
                return new SupportActor(Party.User, userId, shop.Id, buyer.Nickname, buyer.Avatar, client);
            case (Party.Kefu, { Kind: PrincipalKind.Kefu, KefuId: { } kefuId }):
                var agent = await agents.FindAsync(kefuId, cancellationToken);
                if (agent is null || agent.Disabled)
                {
                    return Error.Unauthorized("agent_disabled", "The agent is disabled.");
                }
                if (shopId is { } wanted && wanted != agent.ShopId)
                {
                    return Error.Unauthorized("agent_shop_mismatch", "The agent does not belong to that shop.");
                }
                return new SupportActor(Party.Kefu, kefuId, agent.ShopId, agent.Nickname, agent.Avatar, client);
            default:
                return Error.Unauthorized("token_invalid", "A valid token for the given type is required.");
        }
    }
}
