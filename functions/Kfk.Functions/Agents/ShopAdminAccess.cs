using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
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
    public const CallerCredentials Accepted = CallerCredentials.PlatformApiKey | CallerCredentials.BearerToken;

    public static readonly Error Unauthenticated =
        Error.Unauthorized("unauthorized", "Send a valid X-Kfk-Api-Key, or Authorization: Bearer <an admin agent's session>.");

    /// <summary>Refuses callers with neither credential before the endpoint reads its input.</summary>
    public static TBuilder RequireShopAdminCaller<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireCaller(Accepted, Unauthenticated);

    /// <summary>Whether the caller may administer <paramref name="shopId"/>.</summary>
    public static async Task<AdminAccess> CheckAsync(HttpContext context, long shopId, CancellationToken cancellationToken)
    {
        var caller = await ApiCallers.IdentifyAsync(context, Accepted, cancellationToken);
        if (caller is { IsPlatform: true })
        {
            return AdminAccess.Allowed;
        }
        if (caller?.Principal is not { Kind: PrincipalKind.Kefu, KefuId: { } kefuId })
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
