using System.Security.Claims;
using Kfk.Core.Identity;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Likeshop;

/// <summary>The signed-in agent of a workbench request.</summary>
public sealed record SignedInAgent(long ShopId, long KefuId);

/// <summary>The signed-in buyer of a buyer-app request.</summary>
public sealed record SignedInBuyer(long UserId, string RealtimeUserId);

/// <summary>
/// The session of a likeshop REST request, kefu or user side: the token travels in the <c>token</c> header, the
/// <see cref="KfkSchemes.LikeshopToken"/> scheme authenticates it, and the <see cref="KfkPolicies.Kefu"/> and
/// <see cref="KfkPolicies.Buyer"/> policies admit the side a route serves.
/// </summary>
public static class LikeshopSession
{
    public const string TokenHeader = "token";

    public const string ExpiredMessage = "登录超时，请重新登录";

    public static string Token(HttpRequest request) => request.Headers[TokenHeader].ToString();

    /// <summary>The agent on a route under <see cref="KfkPolicies.Kefu"/>.</summary>
    public static SignedInAgent LikeshopAgent(this ClaimsPrincipal caller) =>
        caller.KfkPrincipal() is { Kind: PrincipalKind.Kefu, ShopId: { } shopId, KefuId: { } kefuId }
            ? new SignedInAgent(shopId, kefuId)
            : throw new InvalidOperationException($"No agent session: the endpoint should be under the {KfkPolicies.Kefu} policy.");

    /// <summary>The buyer on a route under <see cref="KfkPolicies.Buyer"/>.</summary>
    public static SignedInBuyer LikeshopBuyer(this ClaimsPrincipal caller) =>
        caller.KfkPrincipal() is { Kind: PrincipalKind.User, UserId: { } userId } buyer
            ? new SignedInBuyer(userId, buyer.RealtimeUserId)
            : throw new InvalidOperationException($"No buyer session: the endpoint should be under the {KfkPolicies.Buyer} policy.");
}
