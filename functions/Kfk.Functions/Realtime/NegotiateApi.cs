using System.Security.Claims;
using Kfk.Azure.WebPubSub;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.Realtime;
using Kfk.Functions.Auth;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Realtime;

public sealed record NegotiateRequest(string? Hub);

public sealed record NegotiateResponse(string Url, string BaseUrl, string UserId, DateTimeOffset ExpiresAt);

/// <summary><c>POST /api/v1/negotiate</c>: a Web PubSub client URL for the bearer of a Kfk token.</summary>
public static class NegotiateApi
{
    /// <summary>Which principals may use which hub: buyers chat with shops (likeshop); order rooms are kfk.</summary>
    private static readonly Dictionary<string, PrincipalKind[]> HubPrincipals = new(StringComparer.Ordinal)
    {
        [HubNames.Likeshop] = [PrincipalKind.User, PrincipalKind.Kefu],
        [HubNames.Kfk] = [PrincipalKind.BuyerOrder, PrincipalKind.Shop, PrincipalKind.Admin],
    };

    private static readonly Error InvalidToken = Error.Unauthorized("invalid_token", "Authorization: Bearer <a valid Kfk token> is required.");

    public static RouteHandlerBuilder MapNegotiate(this IEndpointRouteBuilder api) =>
        api.MapPost("/negotiate", Negotiate).WithName("Negotiate").WithSummary("Get a Web PubSub client URL for the caller's token").WithDescription("Exchanges a Kfk token for a short-lived Web PubSub client access URL (the realtime connection).").WithTags("Realtime").RequireCaller(KfkPolicies.KfkToken, InvalidToken);

    public static async Task<Results<Ok<NegotiateResponse>, ProblemHttpResult>> Negotiate(
        ClaimsPrincipal user, NegotiateRequest body, ClientAccessTokens access, IOptions<WebPubSubOptions> options, CancellationToken cancellationToken)
    {
        var principal = user.RequiredKfkPrincipal();
        if (body.Hub is null || !HubPrincipals.TryGetValue(body.Hub, out var allowed))
        {
            return Error.Validation("invalid_hub", $"hub must be \"{HubNames.Kfk}\" or \"{HubNames.Likeshop}\".", "hub").ToProblem();
        }
        if (!allowed.Contains(principal.Kind))
        {
            return Error.Forbidden("hub_not_allowed", $"This token cannot connect to the {body.Hub} hub.").ToProblem();
        }
        var client = await access.CreateAsync(body.Hub, principal.RealtimeUserId, [], [], options.Value.ClientTokenLifetime, cancellationToken);
        return TypedResults.Ok(new NegotiateResponse(client.Url.AbsoluteUri, client.BaseUrl.AbsoluteUri, principal.RealtimeUserId, client.ExpiresAt));
    }
}
