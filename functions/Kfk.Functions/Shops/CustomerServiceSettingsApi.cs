using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Functions.Agents;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Shops;

/// <summary>The seed's 客服设置: whether a shop offers online chat and its manual contact card (shop 0 = the platform's).</summary>
public sealed record CustomerServiceSettings(long ShopId, bool OnlineService, CustomerServiceCardResponse? CustomerService, string? OfflineMessage)
{
    public static CustomerServiceSettings From(Shop shop) => new(shop.Id, shop.OnlineService, CustomerServiceCardResponse.From(shop.CustomerService), shop.OfflineMessage);
}

/// <summary>A partial update: fields left out keep their value.</summary>
public sealed record CustomerServiceSettingsRequest(bool? OnlineService, CustomerServiceCardRequest? CustomerService, string? OfflineMessage);

/// <summary>
/// <c>/api/v1/shops/{shop_id}/customer-service</c>: read and change a shop's customer-service settings, for the platform
/// (API key) and the shop's admin agents (Bearer session). The shop itself comes from the platform's upsert.
/// </summary>
public static class CustomerServiceSettingsApi
{
    public static RouteGroupBuilder MapCustomerServiceSettings(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/shops/{shop_id:long}/customer-service").WithTags("Customer-service settings").RequireShopAdminCaller();
        group.MapGet("/", Get).WithName("GetCustomerServiceSettings").WithSummary("Read the shop's customer-service settings").WithDescription("Online chat on/off, working hours, messages and auto replies.");
        group.MapPut("/", Update).WithName("UpdateCustomerServiceSettings").WithSummary("Replace the shop's customer-service settings").WithDescription("The settings as a whole.");
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
        if (PlatformDataRules.First(body.CustomerService?.Validate(), PlatformDataRules.Text(body.OfflineMessage, "offline_message", 500)) is { } error)
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
            UpdatedAt = time.GetUtcNow(),
        };
        await platform.UpsertShopAsync(updated, cancellationToken);
        return TypedResults.Ok(CustomerServiceSettings.From(updated));
    }

    private static ProblemHttpResult NotFound(long shopId) =>
        Error.NotFound("shop_not_found", $"Shop {shopId} does not exist; the platform creates it with PUT /api/v1/shops/{shopId}.").ToProblem();
}
