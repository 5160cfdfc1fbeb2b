using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Core.Identity;
using Kfk.Functions.Hosting;
using Kfk.Functions.Observability;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Platform;

public sealed record CreateTokenRequest(string? Kind, long? UserId, int? Client, string? OrderSn, long? ShopId, long? KefuId, long? TtlSeconds);

public sealed record TokenResponse(string Token, DateTimeOffset ExpiresAt, string Kind);

/// <summary><c>POST /api/v1/tokens</c>: the shop platform mints tokens for its buyers and shops.</summary>
public static class TokensApi
{
    public static RouteHandlerBuilder MapTokens(this IEndpointRouteBuilder api) =>
        api.MapPost("/tokens", CreateToken).WithName("CreateToken").WithSummary("Mint a token for a buyer, an order's buyer, a shop or a staff agent").WithDescription("The platform mints a Kfk token; `kind` decides which id is required: `user` → `user_id` (optional `client` 1-6), `buyer_order` → `order_sn`, `shop` → `shop_id`, `admin` → `kefu_id`. `ttl_seconds` (1 to 30 days) overrides the default lifetime.").WithTags("Tokens").RequirePlatformApiKey();

    public static async Task<Results<Created<TokenResponse>, ProblemHttpResult>> CreateToken(
        CreateTokenRequest body, TokenService tokens, BusinessEvents events, CancellationToken cancellationToken)
    {
        var principal = ToPrincipal(body);
        if (!principal.IsSuccess)
        {
            return principal.Error.ToProblem();
        }
        // Out of range becomes zero, which the token service refuses with its own message.
        TimeSpan? ttl = body.TtlSeconds is { } seconds
            ? seconds > 0 && seconds <= TokenService.MaxLifetime.TotalSeconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero
            : null;
        var issued = await tokens.IssueAsync(principal.Value, ttl, cancellationToken);
        if (issued.IsSuccess)
        {
            events.TokenIssued(body.Kind!, Subject(principal.Value));
        }
        return issued.IsSuccess
            ? TypedResults.Created((string?)null, new TokenResponse(issued.Value.Token, issued.Value.ExpiresAt, body.Kind!))
            : issued.Error.ToProblem();
    }

    private static string Subject(Principal principal) => principal.Kind switch
    {
        PrincipalKind.User => $"user {principal.UserId} (client {principal.Client?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"})",
        PrincipalKind.BuyerOrder => $"buyer of order {principal.OrderSn}",
        PrincipalKind.Shop => $"shop {principal.ShopId}",
        PrincipalKind.Admin => $"staff kefu {principal.KefuId}",
        _ => principal.Kind.ToString(),
    };

    private static Result<Principal> ToPrincipal(CreateTokenRequest body) => body.Kind switch
    {
        "user" => PlatformDataRules.First(
                body.UserId is null ? Error.Validation("required", "user_id is required.", "user_id") : PlatformDataRules.Id(body.UserId.Value, "user_id"),
                body.Client is null or (>= 1 and <= 6) ? null : Error.Validation("invalid_client", "client must be 1-6.", "client")) is { } error
            ? error
            : new Principal(PrincipalKind.User, UserId: body.UserId, Client: body.Client),
        "buyer_order" => body.OrderSn is null
            ? Error.Validation("required", "order_sn is required.", "order_sn")
            : PlatformDataRules.OrderSn(body.OrderSn) is { } invalid ? invalid : new Principal(PrincipalKind.BuyerOrder, OrderSn: body.OrderSn),
        "shop" => body.ShopId is null
            ? Error.Validation("required", "shop_id is required.", "shop_id")
            : PlatformDataRules.Id(body.ShopId.Value, "shop_id") is { } invalidShop ? invalidShop : new Principal(PrincipalKind.Shop, ShopId: body.ShopId),
        "admin" => body.KefuId is null
            ? Error.Validation("required", "kefu_id is required.", "kefu_id")
            : PlatformDataRules.Id(body.KefuId.Value, "kefu_id") is { } invalidKefu ? invalidKefu : new Principal(PrincipalKind.Admin, ShopId: 0, KefuId: body.KefuId),
        _ => Error.Validation("invalid_kind", "kind must be user, buyer_order, shop or admin.", "kind"),
    };
}
