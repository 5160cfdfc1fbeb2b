using System.Globalization;
using Kfk.Core.Disputes;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Kuaifaka;

/// <summary>The kfk login roles (<c>data.type</c> of the login frame).</summary>
public static class KfkRole
{
    public const string User = "user";
    public const string Account = "account";
    public const string ProxyAccount = "proxy_account";
    public const string TopProxyAccount = "top_proxy_account";
    public const string Admin = "admin";

    public static bool IsShopAccount(string? role) => role is Account or ProxyAccount or TopProxyAccount;

    public static string Of(ShopRole role) => role switch
    {
        ShopRole.Merchant => Account,
        ShopRole.Proxy => ProxyAccount,
        _ => TopProxyAccount,
    };

    /// <summary>The seat a login frame asks for; null for a role kfk does not know.</summary>
    public static RoomSeat? Seat(string? role) => role switch
    {
        User => RoomSeat.Buyer,
        Admin => RoomSeat.Staff,
        _ when IsShopAccount(role) => RoomSeat.Shop,
        _ => null,
    };

    public static ShopRole? ChainRole(string role) => role switch
    {
        Account => ShopRole.Merchant,
        ProxyAccount => ShopRole.Proxy,
        TopProxyAccount => ShopRole.TopProxy,
        _ => null,
    };
}

/// <summary>
/// A connection's login, kept in its (signed) connection state so frames need no lookup: the room (order number), the
/// role, the history type code it writes with, who it is (<c>order:…</c>, <c>shop:…</c>, <c>kefu:…</c>), the shop for
/// merchant roles, and the client platform (<c>authtype</c>).
/// </summary>
public sealed record KfkLogin(string Room, string Role, string Sender, string Principal, long? ShopId, string AuthType)
{
    public bool IsBuyer => Role == KfkRole.User;

    /// <summary>Who this login is in the room, for the dispute use cases.</summary>
    public RoomMember Member => new(Room, Actor, Principal, KfkRole.ChainRole(Role));

    /// <summary>Who this login is for the dispute rules (operation authority).</summary>
    public DisputeActor Actor => Role switch
    {
        KfkRole.Admin => new DisputeActor.Staff(long.Parse(Principal.AsSpan(Principal.IndexOf(':') + 1), CultureInfo.InvariantCulture)),
        _ when ShopId is { } shop => new DisputeActor.ShopAccount(shop),
        _ => new DisputeActor.Buyer(Room),
    };

    /// <summary>The login of someone who entered a room: a shop's role is its place in the disputed order's chain.</summary>
    public static KfkLogin Of(RoomMember member, string authType) => member.Actor switch
    {
        DisputeActor.Staff => new(member.Room, KfkRole.Admin, member.Sender, member.PrincipalId, null, authType),
        DisputeActor.ShopAccount shop => new(member.Room, KfkRole.Of(member.ChainRole ?? ShopRole.Merchant), member.Sender, member.PrincipalId, shop.ShopId, authType),
        _ => new(member.Room, KfkRole.User, member.Sender, member.PrincipalId, null, authType),
    };

    public Dictionary<string, string> ToState()
    {
        var state = new Dictionary<string, string>
        {
            ["room"] = Room,
            ["role"] = Role,
            ["sender"] = Sender,
            ["pid"] = Principal,
            ["authtype"] = AuthType,
        };
        if (ShopId is { } shop)
        {
            state["shop"] = shop.ToString(CultureInfo.InvariantCulture);
        }
        return state;
    }

    public static KfkLogin? From(IReadOnlyDictionary<string, string> state) =>
        state.TryGetValue("room", out var room) && state.TryGetValue("role", out var role) && state.TryGetValue("sender", out var sender)
        && state.TryGetValue("pid", out var principal)
            ? new KfkLogin(room, role, sender, principal,
                state.TryGetValue("shop", out var shop) && long.TryParse(shop, CultureInfo.InvariantCulture, out var shopId) ? shopId : null,
                state.GetValueOrDefault("authtype", ""))
            : null;
}
