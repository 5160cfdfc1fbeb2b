using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Functions.Hosting;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Platform;

/// <summary>The credentials a native API endpoint accepts.</summary>
[Flags]
public enum CallerCredentials
{
    /// <summary><c>X-Kfk-Api-Key</c>: the shop platform.</summary>
    PlatformApiKey = 1,

    /// <summary><c>Authorization: Bearer</c> a live Kfk token.</summary>
    BearerToken = 2,
}

/// <summary>Endpoint metadata: who may call it at all (what the caller may do is the handler's business).</summary>
public sealed record CallerRequirement(CallerCredentials Accepted, Error Refusal);

/// <summary>
/// The authenticated caller of a request: the platform (its API key) or the principal of a bearer token. Endpoints that
/// declare a <see cref="CallerRequirement"/> have it checked before the endpoint runs, so an unauthenticated request is
/// refused with 401 before its body or query is read, and the handler reuses the token look-up.
/// </summary>
public sealed record ApiCaller(bool IsPlatform, Principal? Principal);

public static class ApiCallers
{
    public static TBuilder RequireCaller<TBuilder>(this TBuilder builder, CallerCredentials accepted, Error refusal)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CallerRequirement(accepted, refusal));

    /// <summary>Refuses requests to endpoints with a <see cref="CallerRequirement"/> whose caller is not authenticated.</summary>
    public static IApplicationBuilder UseApiCallers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<CallerRequirement>() is not { } requirement)
        {
            await next(context);
            return;
        }
        if (await IdentifyAsync(context, requirement.Accepted, context.RequestAborted) is null)
        {
            await requirement.Refusal.ToProblem().ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    /// <summary>
    /// The caller, by the first of the accepted credentials that is present: an API key that is not the platform's is
    /// a refusal, never a fall-through to the token. Null: not authenticated. The result is kept on the request.
    /// </summary>
    public static async Task<ApiCaller?> IdentifyAsync(HttpContext context, CallerCredentials accepted, CancellationToken cancellationToken)
    {
        if (context.Features.Get<ApiCaller>() is { } known)
        {
            return known;
        }
        var caller = await AuthenticateAsync(context, accepted, cancellationToken);
        if (caller is not null)
        {
            context.Features.Set(caller);
        }
        return caller;
    }

    private static async Task<ApiCaller?> AuthenticateAsync(HttpContext context, CallerCredentials accepted, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var apiKey = context.Request.Headers[PlatformApiKey.HeaderName].ToString();
        if (accepted.HasFlag(CallerCredentials.PlatformApiKey) && apiKey.Length > 0)
        {
            return PlatformApiKey.Matches(apiKey, services.GetRequiredService<IOptions<PlatformOptions>>().Value.ApiKey)
                ? new ApiCaller(IsPlatform: true, Principal: null)
                : null;
        }
        if (accepted.HasFlag(CallerCredentials.BearerToken)
            && await services.GetRequiredService<TokenService>().AuthenticateAsync(BearerToken.From(context.Request), cancellationToken) is { } principal)
        {
            return new ApiCaller(IsPlatform: false, principal);
        }
        return null;
    }
}
