using Kfk.Core.Agents;
using Kfk.Core.Identity;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.Extensions.Options;

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
    /// <summary>Whether the caller may administer <paramref name="shopId"/>.</summary>
    public static async Task<AdminAccess> CheckAsync(HttpContext context, long shopId, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var apiKey = context.Request.Headers[PlatformApiKey.HeaderName].ToString();
        if (apiKey.Length > 0)
        {
            return PlatformApiKey.Matches(apiKey, services.GetRequiredService<IOptions<PlatformOptions>>().Value.ApiKey)
                ? AdminAccess.Allowed : AdminAccess.Unauthenticated;
        }
        var token = BearerToken.From(context.Request);
        var principal = await services.GetRequiredService<TokenService>().AuthenticateAsync(token, cancellationToken);
        if (principal is not { Kind: PrincipalKind.Kefu, KefuId: { } kefuId })
        {
            return AdminAccess.Unauthenticated;
        }
        var agent = await services.GetRequiredService<IAgentStore>().FindAsync(kefuId, cancellationToken);
        return agent is { Disabled: false, Role: AgentRole.Admin } && agent.ShopId == shopId ? AdminAccess.Allowed : AdminAccess.Forbidden;
    }
}
