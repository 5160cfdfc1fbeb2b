using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Platform;

/// <summary>Idempotent upserts of the data Kfk shows agents: shops, buyers, goods, orders (platform API key).</summary>
public static class PlatformDataApi
{
    public static RouteGroupBuilder MapPlatformData(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Platform data").RequirePlatformApiKey();
        group.MapPut("/shops/{shop_id:long}", UpsertShop).WithName("UpsertShop").WithSummary("Create or replace a shop").WithDescription("The platform pushes its shop record; idempotent.");
        group.MapGet("/shops/{shop_id:long}", GetShop).WithName("GetShop").WithSummary("Read a shop").WithDescription("The shop as last upserted by the platform.");
        group.MapPut("/users/{user_id:long}", UpsertUser).WithName("UpsertUser").WithSummary("Create or replace a user (buyer)").WithDescription("The platform pushes its user record; idempotent.");
        group.MapGet("/users/{user_id:long}", GetUser).WithName("GetUser").WithSummary("Read a user (buyer)").WithDescription("The user as last upserted by the platform.");
        group.MapPut("/goods/{goods_id:long}", UpsertGoods).WithName("UpsertGoods").WithSummary("Create or replace a goods item").WithDescription("The platform pushes its goods record; idempotent.");
        group.MapGet("/goods/{goods_id:long}", GetGoods).WithName("GetGoods").WithSummary("Read a goods item").WithDescription("The goods item as last upserted by the platform.");
        group.MapPut("/orders/{order_sn}", UpsertOrder).WithName("UpsertOrder").WithSummary("Create or replace an order").WithDescription("The platform pushes its order with its goods lines; idempotent.");
        group.MapGet("/orders/{order_sn}", GetOrder).WithName("GetOrder").WithSummary("Read an order").WithDescription("The order as last upserted by the platform.");
        return group;
    }

    public static async Task<Results<Ok<ShopResponse>, ProblemHttpResult>> UpsertShop(
        [AsParameters] ShopRoute route, UpsertShopRequest body, IPlatformDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var card = body.CustomerService;
        var error = PlatformDataRules.First(
            route.ShopId == Shop.PlatformShopId ? null : PlatformDataRules.Id(route.ShopId, "shop_id"),
            PlatformDataRules.Name(body.Name, "name"),
            PlatformDataRules.Url(body.Avatar, "avatar"),
            card?.Validate(),
            PlatformDataRules.Text(body.OfflineMessage, "offline_message", 500));
        if (error is not null)
        {
            return error.ToProblem();
        }
        // The shop's unread-notification delay is the shop admin's setting (customer-service settings): an upsert keeps it.
        var kept = (await store.FindShopAsync(route.ShopId, cancellationToken))?.UnreadAfterSeconds;
        var shop = new Shop(route.ShopId, body.Name!.Trim(), body.Avatar, body.OnlineService ?? true,
            card?.ToCard(),
            body.OfflineMessage, time.GetUtcNow(), kept);
        await store.UpsertShopAsync(shop, cancellationToken);
        return TypedResults.Ok(ShopResponse.From(shop));
    }

    public static async Task<Results<Ok<ShopResponse>, ProblemHttpResult>> GetShop([AsParameters] ShopRoute route, IPlatformDataStore store, CancellationToken cancellationToken) =>
        await store.FindShopAsync(route.ShopId, cancellationToken) is { } shop
            ? TypedResults.Ok(ShopResponse.From(shop))
            : Error.NotFound("shop_not_found", $"Shop {route.ShopId} does not exist.").ToProblem();

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpsertUser(
        [AsParameters] UserRoute route, UpsertUserRequest body, IPlatformDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = PlatformDataRules.First(
            PlatformDataRules.Id(route.UserId, "user_id"),
            PlatformDataRules.Name(body.Nickname, "nickname"),
            PlatformDataRules.Url(body.Avatar, "avatar"),
            PlatformDataRules.Text(body.Mobile, "mobile", 30),
            PlatformDataRules.Text(body.Sn, "sn", 64),
            PlatformDataRules.Text(body.LevelName, "level_name", 50),
            PlatformDataRules.Amount(body.TotalOrderAmount, "total_order_amount"),
            PlatformDataRules.Text(body.Birthday, "birthday", 20),
            body.Client is null or (>= 1 and <= 6) ? null : Error.Validation("invalid_client", "client must be 1-6.", "client"));
        if (error is not null)
        {
            return error.ToProblem();
        }
        // create_time (when the platform registered the buyer) is kept from the first upsert that names it.
        var createTime = body.CreateTime ?? (await store.FindBuyerAsync(route.UserId, cancellationToken))?.CreateTime;
        var buyer = new Buyer(route.UserId, body.Nickname!.Trim(), body.Avatar, body.Mobile, body.Sn, body.Level, body.LevelName,
            body.TotalOrderAmount, body.Birthday, body.Client, time.GetUtcNow(), createTime);
        await store.UpsertBuyerAsync(buyer, cancellationToken);
        return TypedResults.Ok(UserResponse.From(buyer));
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUser([AsParameters] UserRoute route, IPlatformDataStore store, CancellationToken cancellationToken) =>
        await store.FindBuyerAsync(route.UserId, cancellationToken) is { } buyer
            ? TypedResults.Ok(UserResponse.From(buyer))
            : Error.NotFound("user_not_found", $"User {route.UserId} does not exist.").ToProblem();

    public static async Task<Results<Ok<GoodsResponse>, ProblemHttpResult>> UpsertGoods(
        [AsParameters] GoodsRoute route, UpsertGoodsRequest body, IPlatformDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var error = PlatformDataRules.First(
            PlatformDataRules.Id(route.GoodsId, "goods_id"),
            body.ShopId is null ? Error.Validation("required", "shop_id is required.", "shop_id") : null,
            PlatformDataRules.Name(body.Name, "name"),
            PlatformDataRules.Url(body.Image, "image"),
            PlatformDataRules.Amount(body.MinPrice, "min_price"));
        if (error is not null)
        {
            return error.ToProblem();
        }
        if (await store.FindShopAsync(body.ShopId!.Value, cancellationToken) is null)
        {
            return Error.Validation("shop_not_found", $"Shop {body.ShopId} does not exist; upsert it first.", "shop_id").ToProblem();
        }
        var goods = new Goods(route.GoodsId, body.ShopId.Value, body.Name!.Trim(), body.Image, body.MinPrice, time.GetUtcNow());
        await store.UpsertGoodsAsync(goods, cancellationToken);
        return TypedResults.Ok(GoodsResponse.From(goods));
    }

    public static async Task<Results<Ok<GoodsResponse>, ProblemHttpResult>> GetGoods([AsParameters] GoodsRoute route, IPlatformDataStore store, CancellationToken cancellationToken) =>
        await store.FindGoodsAsync(route.GoodsId, cancellationToken) is { } goods
            ? TypedResults.Ok(GoodsResponse.From(goods))
            : Error.NotFound("goods_not_found", $"Goods {route.GoodsId} does not exist.").ToProblem();

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> UpsertOrder(
        [AsParameters] OrderRoute route, UpsertOrderRequest body, IPlatformDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var lines = body.Goods ?? [];
        var error = PlatformDataRules.First(
            PlatformDataRules.OrderSn(route.OrderSn),
            body.ShopId is null ? Error.Validation("required", "shop_id is required.", "shop_id") : null,
            body.UserId is null or > 0 ? null : PlatformDataRules.Id(body.UserId.Value, "user_id"),
            body.ProxyShopId is null or > 0 ? null : PlatformDataRules.Id(body.ProxyShopId.Value, "proxy_shop_id"),
            body.TopProxyShopId is null or > 0 ? null : PlatformDataRules.Id(body.TopProxyShopId.Value, "top_proxy_shop_id"),
            PlatformDataRules.Text(body.OrderTypeText, "order_type_text", 50),
            PlatformDataRules.Text(body.OrderStatusText, "order_status_text", 50),
            PlatformDataRules.Amount(body.OrderAmount, "order_amount"),
            lines.Count > PlatformDataRules.MaxOrderLines ? Error.Validation("too_many", $"goods has at most {PlatformDataRules.MaxOrderLines} lines.", "goods") : null,
            lines.Select((line, i) => PlatformDataRules.First(
                line.GoodsId is > 0 ? null : Error.Validation("invalid_id", $"goods[{i}].goods_id must be a positive integer.", $"goods[{i}].goods_id"),
                PlatformDataRules.Name(line.Name, $"goods[{i}].name"),
                PlatformDataRules.Url(line.Image, $"goods[{i}].image"),
                PlatformDataRules.Amount(line.Price, $"goods[{i}].price"),
                PlatformDataRules.Text(line.SpecValue, $"goods[{i}].spec_value", 200),
                line.Num is null or > 0 ? null : Error.Validation("invalid_num", $"goods[{i}].num must be positive.", $"goods[{i}].num")))
                .FirstOrDefault(e => e is not null));
        if (error is not null)
        {
            return error.ToProblem();
        }
        foreach (var (shopId, field) in new[] { (body.ShopId, "shop_id"), (body.ProxyShopId, "proxy_shop_id"), (body.TopProxyShopId, "top_proxy_shop_id") })
        {
            if (shopId is { } id && await store.FindShopAsync(id, cancellationToken) is null)
            {
                return Error.Validation("shop_not_found", $"Shop {id} ({field}) does not exist; upsert it first.", field).ToProblem();
            }
        }
        var order = new Order(route.OrderSn, body.ShopId!.Value, body.UserId, body.OrderType, body.OrderTypeText, body.OrderStatus, body.OrderStatusText,
            body.OrderAmount, body.CreateTime,
            [.. lines.Select(l => new OrderLine(l.GoodsId!.Value, l.Name!.Trim(), l.Image, l.Price, l.Num ?? 1, l.SpecValue))],
            body.ProxyShopId, body.TopProxyShopId, time.GetUtcNow());
        await store.UpsertOrderAsync(order, cancellationToken);
        return TypedResults.Ok(OrderResponse.From(order));
    }

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> GetOrder([AsParameters] OrderRoute route, IPlatformDataStore store, CancellationToken cancellationToken) =>
        PlatformDataRules.OrderSn(route.OrderSn) is { } invalid ? invalid.ToProblem()
        : await store.FindOrderAsync(route.OrderSn, cancellationToken) is { } order ? TypedResults.Ok(OrderResponse.From(order))
        : Error.NotFound("order_not_found", $"Order {route.OrderSn} does not exist.").ToProblem();
}

public readonly record struct ShopRoute([property: Microsoft.AspNetCore.Mvc.FromRoute(Name = "shop_id")] long ShopId);

public readonly record struct UserRoute([property: Microsoft.AspNetCore.Mvc.FromRoute(Name = "user_id")] long UserId);

public readonly record struct GoodsRoute([property: Microsoft.AspNetCore.Mvc.FromRoute(Name = "goods_id")] long GoodsId);

public readonly record struct OrderRoute([property: Microsoft.AspNetCore.Mvc.FromRoute(Name = "order_sn")] string OrderSn);
