using System.Globalization;
using Kfk.Core.Realtime;

namespace Kfk.Core.Identity;

public enum PrincipalKind
{
    /// <summary>A buyer (likeshop user, native clients).</summary>
    User,

    /// <summary>A buyer scoped to one order (kfk <c>user</c> login).</summary>
    BuyerOrder,

    /// <summary>A merchant, reseller or supplier shop account (kfk <c>account</c>, <c>proxy_account</c>, <c>top_proxy_account</c>).</summary>
    Shop,

    /// <summary>A customer-service agent's login session (likeshop kefu).</summary>
    Kefu,

    /// <summary>Platform staff: an admin agent of shop 0 (kfk <c>admin</c>).</summary>
    Admin,
}

/// <summary>Who a Kfk token stands for.</summary>
public sealed record Principal(PrincipalKind Kind, long? UserId = null, string? OrderSn = null, long? ShopId = null, int? Client = null, long? KefuId = null)
{
    /// <summary>
    /// The buyer or agent a Web PubSub user id names (<c>user:12</c>, <c>kefu:7</c>), as the service vouches for it after
    /// validating a client access token Kfk issued; null for anything else.
    /// </summary>
    public static Principal? FromRealtimeUserId(string? realtimeUserId)
    {
        var (prefix, id) = realtimeUserId?.Split(':') is [var p, var i] ? (p, i) : ("", "");
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return null;
        }
        return prefix switch
        {
            "user" => new Principal(PrincipalKind.User, UserId: value),
            "kefu" => new Principal(PrincipalKind.Kefu, KefuId: value),
            _ => null,
        };
    }

    /// <summary>The Web PubSub user id: <c>user:{id}</c>, <c>order:{sn}</c>, <c>shop:{id}</c> or <c>kefu:{id}</c>.</summary>
    public string RealtimeUserId => Kind switch
    {
        PrincipalKind.User => RealtimeUserIds.User(UserId!.Value),
        PrincipalKind.BuyerOrder => RealtimeUserIds.Order(OrderSn!),
        PrincipalKind.Shop => RealtimeUserIds.Shop(ShopId!.Value),
        PrincipalKind.Kefu or PrincipalKind.Admin => RealtimeUserIds.Kefu(KefuId!.Value),
        _ => throw new InvalidOperationException($"Unknown principal kind {Kind}."),
    };
}

public sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt);

public sealed record StoredToken(Principal Principal, DateTimeOffset ExpiresAt);
