using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Functions.Agents;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Shops;

/// <summary>
/// The seed's 客服设置: whether a shop offers online chat and its manual contact card (shop 0 = the platform's); and the
/// shop's own delay of the <c>message.unread</c> webhook event (absent: the deployment's <c>Kfk:Webhooks:UnreadAfter</c>).
/// </summary>
public sealed record CustomerServiceSettings(long ShopId, bool OnlineService, CustomerServiceCardResponse? CustomerService, string? OfflineMessage,
    int? UnreadAfterSeconds)
{
    public static CustomerServiceSettings From(Shop shop) =>
        new(shop.Id, shop.OnlineService, CustomerServiceCardResponse.From(shop.CustomerService), shop.OfflineMessage, shop.UnreadAfterSeconds);
}

/// <summary>A partial update: fields left out keep their value; <c>unread_after_seconds</c> 0 goes back to the default.</summary>
public sealed record CustomerServiceSettingsRequest(bool? OnlineService, CustomerServiceCardRequest? CustomerService, string? OfflineMessage,
    int? UnreadAfterSeconds = null);

/// <summary>
/// <c>/api/v1/shops/{shop_id}/customer-service</c>: read and change a shop's customer-service settings, for the platform
/// (API key) and the shop's admin agents (Bearer session). The shop itself comes from the platform's upsert.
/// </summary>
public static class CustomerServiceSettingsApi
{
    public static RouteGroupBuilder MapCustomerServiceSettings(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/shops/{shop_id:long}/customer-service").WithTags("Customer-service settings").RequireShopAdminCaller();
        group.MapGet("/", Get).WithName("GetCustomerServiceSettings").WithSummary("Read the shop's customer-service settings").WithDescription("Online chat on/off, the contact card, the offline message and the delay of message.unread webhooks.");
        group.MapPut("/", Update).WithName("UpdateCustomerServiceSettings").WithSummary("Change the shop's customer-service settings").WithDescription("Only the fields sent change; unread_after_seconds 0 restores the default delay.");
        return group;
    }

    public static async Task<Results<Ok<CustomerServiceSettings>, ProblemHttpResult>> Get(
        HttpContext context, long shop_id, IPlatformDataStore platform, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        return await platform.FindShopAsync(shop_id, cancellationToken) is { } shop
            ? TypedResults.Ok(CustomerServiceSettings.From(shop))
            : NotFound(shop_id);
    }

    public static async Task<Results<Ok<CustomerServiceSettings>, ProblemHttpResult>> Update(
        HttpContext context, long shop_id, CustomerServiceSettingsRequest body, IPlatformDataStore platform, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        if (PlatformDataRules.First(body.CustomerService?.Validate(), PlatformDataRules.Text(body.OfflineMessage, "offline_message", 500),
                UnreadAfterError(body.UnreadAfterSeconds)) is { } error)
        {
            return error.ToProblem();
        }
        if (await platform.FindShopAsync(shop_id, cancellationToken) is not { } shop)
        {
            return NotFound(shop_id);
        }
        var updated = shop with
        {
            OnlineService = body.OnlineService ?? shop.OnlineService,
            CustomerService = body.CustomerService?.ToCard() ?? shop.CustomerService,
            OfflineMessage = body.OfflineMessage ?? shop.OfflineMessage,
            UnreadAfterSeconds = body.UnreadAfterSeconds switch { null => shop.UnreadAfterSeconds, 0 => null, var seconds => seconds },
            UpdatedAt = time.GetUtcNow(),
        };
        await platform.UpsertShopAsync(updated, cancellationToken);
        return TypedResults.Ok(CustomerServiceSettings.From(updated));
    }

    private static Error? UnreadAfterError(int? seconds) =>
        seconds is null or 0 or (>= Shop.MinUnreadAfterSeconds and <= Shop.MaxUnreadAfterSeconds)
            ? null
            : Error.Validation("invalid_unread_after_seconds",
                $"unread_after_seconds must be {Shop.MinUnreadAfterSeconds}-{Shop.MaxUnreadAfterSeconds} (seconds), or 0 for the default.", "unread_after_seconds");

    private static ProblemHttpResult NotFound(long shopId) =>
        Error.NotFound("shop_not_found", $"Shop {shopId} does not exist; the platform creates it with PUT /api/v1/shops/{shopId}.").ToProblem();
}
