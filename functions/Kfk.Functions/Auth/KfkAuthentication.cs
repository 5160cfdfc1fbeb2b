using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Authentication;

namespace Kfk.Functions.Auth;

public static class KfkAuthentication
{
    /// <summary>
    /// The schemes (<see cref="KfkSchemes"/>) and the policies (<see cref="KfkPolicies"/>). The platform's key itself is
    /// configured by <see cref="PlatformApiKey.AddPlatformAuthentication"/>.
    /// </summary>
    public static IServiceCollection AddKfkAuthentication(this IServiceCollection services)
    {
        // Not AddAuthentication(): it also adds data protection, whose hosted service loads (or creates) a key ring at
        // start; none of these schemes needs it.
        services.AddAuthenticationCore();
        services.AddWebEncoders();
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, PlatformKeyHandler>(KfkSchemes.PlatformKey, null)
            .AddScheme<AuthenticationSchemeOptions, KfkBearerHandler>(KfkSchemes.Bearer, null)
            .AddScheme<AuthenticationSchemeOptions, LikeshopTokenHandler>(KfkSchemes.LikeshopToken, null)
            .AddPolicyScheme(KfkSchemes.PlatformKeyOrBearer, null, options => options.ForwardDefaultSelector = context =>
                context.Request.Headers[PlatformApiKey.HeaderName].ToString().Length > 0 ? KfkSchemes.PlatformKey : KfkSchemes.Bearer);
        return services.AddKfkPolicies();
    }
}
