using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Identity;

/// <summary>
/// Mints opaque tokens for principals the directory knows (the buyer, the order, the shop must exist) and resolves
/// them back. Tokens are 32 random bytes; only their hash is stored.
/// </summary>
public sealed class TokenService(ITokenStore store, IPlatformDataStore directory, IAgentStore agents, TimeProvider time)
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(7);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
    private const string Prefix = "kfk_";

    public async Task<Result<IssuedToken>> IssueAsync(Principal principal, TimeSpan? lifetime, CancellationToken cancellationToken)
    {
        var ttl = lifetime ?? DefaultLifetime;
        if (ttl <= TimeSpan.Zero || ttl > MaxLifetime)
        {
            return Error.Validation("invalid_ttl", "ttl_seconds must be between 1 and 2592000 (30 days).", "ttl_seconds");
        }
        var missing = principal.Kind switch
        {
            PrincipalKind.User => await directory.FindBuyerAsync(principal.UserId!.Value, cancellationToken) is null
                ? Error.NotFound("user_not_found", $"User {principal.UserId} does not exist; upsert it with PUT /api/v1/users/{principal.UserId}.") : null,
            PrincipalKind.BuyerOrder => await directory.FindOrderAsync(principal.OrderSn!, cancellationToken) is null
                ? Error.NotFound("order_not_found", $"Order {principal.OrderSn} does not exist; upsert it with PUT /api/v1/orders/{principal.OrderSn}.") : null,
            PrincipalKind.Shop => await directory.FindShopAsync(principal.ShopId!.Value, cancellationToken) is null
                ? Error.NotFound("shop_not_found", $"Shop {principal.ShopId} does not exist; upsert it with PUT /api/v1/shops/{principal.ShopId}.") : null,
            PrincipalKind.Kefu => await agents.FindAsync(principal.KefuId!.Value, cancellationToken) is { Disabled: false }
                ? null : Error.NotFound("kefu_not_found", $"Agent {principal.KefuId} does not exist or is disabled."),
            PrincipalKind.Admin => await agents.FindAsync(principal.KefuId!.Value, cancellationToken) is { Disabled: false, IsPlatformStaff: true }
                ? null : Error.NotFound("kefu_not_found", $"Agent {principal.KefuId} is not an enabled admin of shop 0."),
            _ => Error.Validation("invalid_kind", "Unknown token kind.", "kind"),
        };
        if (missing is not null)
        {
            return missing;
        }
        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expiresAt = time.GetUtcNow() + ttl;
        await store.SaveAsync(Hash(token), new StoredToken(principal, expiresAt), cancellationToken);
        return new IssuedToken(token, expiresAt);
    }

    /// <summary>The principal of a live token; null for unknown, malformed or expired tokens.</summary>
    public async Task<Principal?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100 || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var stored = await store.FindAsync(Hash(token), cancellationToken);
        return stored is not null && stored.ExpiresAt > time.GetUtcNow() ? stored.Principal : null;
    }

    /// <summary>Ends one session.</summary>
    public Task RevokeAsync(string token, CancellationToken cancellationToken) => store.DeleteAsync(Hash(token), cancellationToken);

    public Task RevokeAllForAgentAsync(long kefuId, CancellationToken cancellationToken) => store.DeleteAllForAgentAsync(kefuId, cancellationToken);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
