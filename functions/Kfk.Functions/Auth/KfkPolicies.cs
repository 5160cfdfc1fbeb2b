using Kfk.Core.Common;
using Kfk.Core.Identity;

namespace Kfk.Functions.Auth;

/// <summary>
/// Who may call an endpoint at all, set on its route group (what the caller may do with a given shop or dispute is
/// the handler's business). Every endpoint has exactly one of these or is explicitly anonymous.
/// </summary>
public static class KfkPolicies
{
    /// <summary>The shop platform, by its API key.</summary>
    public const string Platform = "platform";

    /// <summary>The platform, or an agent's session (the handler checks that it is an admin of the shop concerned).</summary>
    public const string ShopAdmin = "shop-admin";

    /// <summary>The platform, platform staff, a shop account or an order's buyer (<see cref="ActivePlatformStaffRequirement"/>).</summary>
    public const string DisputeCaller = "dispute-caller";

    /// <summary>Any live Kfk token as a bearer token.</summary>
    public const string KfkToken = "kfk-token";

    /// <summary>The likeshop workbench: an agent's session in the <c>token</c> header.</summary>
    public const string Kefu = "kefu";

    /// <summary>The likeshop buyer app: a buyer's (<c>user</c>) token in the <c>token</c> header.</summary>
    public const string Buyer = "buyer";

    public static IServiceCollection AddKfkPolicies(this IServiceCollection services)
    {
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ActivePlatformStaffHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Platform, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.PlatformKey)
                .RequireClaim(KfkClaims.Kind, KfkClaims.PlatformKind))
            .AddPolicy(ShopAdmin, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.PlatformKeyOrBearer)
                .RequireClaim(KfkClaims.Kind, KfkClaims.PlatformKind, KfkClaims.KindOf(PrincipalKind.Kefu)))
            .AddPolicy(DisputeCaller, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.PlatformKeyOrBearer)
                .RequireClaim(KfkClaims.Kind, KfkClaims.PlatformKind, KfkClaims.KindOf(PrincipalKind.Admin),
                    KfkClaims.KindOf(PrincipalKind.Shop), KfkClaims.KindOf(PrincipalKind.BuyerOrder))
                .AddRequirements(new ActivePlatformStaffRequirement()))
            .AddPolicy(KfkToken, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.Bearer)
                .RequireAuthenticatedUser())
            .AddPolicy(Kefu, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.LikeshopToken)
                .RequireClaim(KfkClaims.Kind, KfkClaims.KindOf(PrincipalKind.Kefu))
                .RequireClaim(KfkClaims.ShopId)
                .RequireClaim(KfkClaims.KefuId))
            .AddPolicy(Buyer, policy => policy
                .AddAuthenticationSchemes(KfkSchemes.LikeshopToken)
                .RequireClaim(KfkClaims.Kind, KfkClaims.KindOf(PrincipalKind.User))
                .RequireClaim(KfkClaims.UserId));
        return services;
    }

    /// <summary>A native endpoint (or group): its policy, and the problem for callers it refuses.</summary>
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, string policy, Error refusal)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy).WithMetadata(new CallerRefusal(refusal));
}
