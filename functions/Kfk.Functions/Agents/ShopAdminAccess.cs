using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Agents;

/// <summary>
/// Who may administer a shop's agents: the shop platform (its API key: every shop), or a signed-in admin agent
/// (<c>Authorization: Bearer</c> kefu session) for its own shop only.
/// </summary>
public enum AdminAccess
{
    Allowed,
    Unauthenticated,
    Forbidden,
}

public static class ShopAdminAccess
{
    public static readonly Error Unauthenticated =
        Error.Unauthorized("unauthorized", "Send a valid X-Kfk-Api-Key, or Authorization: Bearer <an admin agent's session>.");

    /// <summary>Only the platform and agents' sessions get to the endpoint (<see cref="KfkPolicies.ShopAdmin"/>); the shop is checked there.</summary>
    public static TBuilder RequireShopAdminCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCaller(KfkPolicies.ShopAdmin, Unauthenticated);

    /// <summary>Whether the caller may administer <paramref name="shopId"/>.</summary>
    public static async Task<AdminAccess> CheckAsync(HttpContext context, long shopId, CancellationToken cancellationToken)
    {
        if (context.User.IsPlatform())
        {
            return AdminAccess.Allowed;
        }
        if (context.User.KfkPrincipal() is not { Kind: PrincipalKind.Kefu, KefuId: { } kefuId })
        {
            return AdminAccess.Unauthenticated;
        }
        var agent = await context.RequestServices.GetRequiredService<IAgentStore>().FindAsync(kefuId, cancellationToken);
        return agent is { Disabled: false, Role: AgentRole.Admin } && agent.ShopId == shopId ? AdminAccess.Allowed : AdminAccess.Forbidden;
    }

    /// <summary>The 401/403 problem for a refused access.</summary>
    public static ProblemHttpResult Problem(AdminAccess access) => access == AdminAccess.Forbidden
        ? Error.Forbidden("not_shop_admin", "Only the platform or an admin agent of this shop may do this.").ToProblem()
        : Unauthenticated.ToProblem();

    /// <summary>Null when the caller may administer the shop, else its 401/403 problem.</summary>
    public static async Task<ProblemHttpResult?> DeniedAsync(HttpContext context, long shopId, CancellationToken cancellationToken) =>
        await CheckAsync(context, shopId, cancellationToken) is var access and not AdminAccess.Allowed ? Problem(access) : null;
}
