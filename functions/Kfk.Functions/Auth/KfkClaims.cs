using System.Globalization;
using System.Security.Claims;
using Kfk.Core.Identity;

namespace Kfk.Functions.Auth;

/// <summary>
/// The claims of an authenticated caller: <c>kfk:kind</c> (<c>platform</c> for the platform's API key, else the kind of
/// the Kfk token, as <c>POST /api/v1/tokens</c> names it) and the ids of the token's <see cref="Principal"/>. Handlers read
/// them back with <see cref="IsPlatform"/> and <see cref="KfkPrincipal"/>; only the schemes authenticate.
/// </summary>
public static class KfkClaims
{
    public const string Kind = "kfk:kind";
    public const string UserId = "kfk:user_id";
    public const string OrderSn = "kfk:order_sn";
    public const string ShopId = "kfk:shop_id";
    public const string Client = "kfk:client";
    public const string KefuId = "kfk:kefu_id";

    /// <summary>The <see cref="Kind"/> of the shop platform, authenticated by its API key.</summary>
    public const string PlatformKind = "platform";

    private static readonly (PrincipalKind Kind, string Name)[] Kinds =
    [
        (PrincipalKind.User, "user"),
        (PrincipalKind.BuyerOrder, "buyer_order"),
        (PrincipalKind.Shop, "shop"),
        (PrincipalKind.Kefu, "kefu"),
        (PrincipalKind.Admin, "admin"),
    ];

    /// <summary>The <see cref="Kind"/> claim value of a token principal.</summary>
    public static string KindOf(PrincipalKind kind) => Kinds.First(k => k.Kind == kind).Name;

    public static ClaimsPrincipal Platform(string scheme) => new(new ClaimsIdentity([new Claim(Kind, PlatformKind)], scheme));

    public static ClaimsPrincipal For(Principal principal, string scheme)
    {
        var claims = new List<Claim> { new(Kind, KindOf(principal.Kind)) };
        Add(claims, UserId, principal.UserId?.ToString(CultureInfo.InvariantCulture));
        Add(claims, OrderSn, principal.OrderSn);
        Add(claims, ShopId, principal.ShopId?.ToString(CultureInfo.InvariantCulture));
        Add(claims, Client, principal.Client?.ToString(CultureInfo.InvariantCulture));
        Add(claims, KefuId, principal.KefuId?.ToString(CultureInfo.InvariantCulture));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>Whether the caller is the shop platform (its API key).</summary>
    public static bool IsPlatform(this ClaimsPrincipal user) => user.HasClaim(Kind, PlatformKind);

    /// <summary>The principal of the caller's Kfk token; null for the platform and for anonymous callers.</summary>
    public static Principal? KfkPrincipal(this ClaimsPrincipal user)
    {
        var kind = user.FindFirst(Kind)?.Value;
        if (Kinds.FirstOrDefault(k => k.Name == kind) is not { Name: not null } known)
        {
            return null;
        }
        return new Principal(known.Kind, Long(user, UserId), user.FindFirst(OrderSn)?.Value, Long(user, ShopId),
            (int?)Long(user, Client), Long(user, KefuId));
    }

    /// <summary>The principal on an endpoint whose policy admits only Kfk tokens.</summary>
    public static Principal RequiredKfkPrincipal(this ClaimsPrincipal user) =>
        user.KfkPrincipal() ?? throw new InvalidOperationException("No Kfk token principal: the endpoint's policy should admit only Kfk tokens.");

    private static void Add(List<Claim> claims, string type, string? value)
    {
        if (value is not null)
        {
            claims.Add(new Claim(type, value));
        }
    }

    private static long? Long(ClaimsPrincipal user, string type) =>
        long.TryParse(user.FindFirst(type)?.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
}
