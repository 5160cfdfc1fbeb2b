using System.Security.Claims;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.PlatformData;
using Kfk.Core.Support;

namespace Kfk.Functions.Likeshop;

/// <summary>
/// The customer panel of the workbench: a user's profile and their orders in the agent's shop. An agent sees only users
/// who have talked to its shop.
/// </summary>
public static class KefuCustomerApi
{
    public const string NotCustomerMessage = "该用户不是本店客户";

    /// <summary><c>GET /kefuapi/chat/userInfo?user_id=</c>: the profile, mobile masked (<c>138****1234</c>).</summary>
    public static async Task<IResult> UserInfo(ClaimsPrincipal caller, long? user_id, ISupportStore support,
        IPlatformDataStore platform, LikeshopUrls urls, PlatformTimeZone zone, CancellationToken cancellationToken)
    {
        if ((await CustomerOfMyShopAsync(caller, user_id, support, cancellationToken)).Refused is { } refused)
        {
            return refused;
        }
        if (await platform.FindBuyerAsync(user_id!.Value, cancellationToken) is not { } buyer)
        {
            return LikeshopEnvelope.Fail("用户不存在");
        }
        return LikeshopEnvelope.Success(new CustomerInfoResponse(
            buyer.Id, buyer.Sn ?? "", buyer.Nickname, urls.Raw(buyer.Avatar), buyer.Level ?? 0, buyer.LevelName ?? "",
            buyer.Mobile is { Length: > 0 } mobile ? LikeshopText.MaskMobile(mobile) : "-",
            buyer.TotalOrderAmount ?? "0.00", buyer.Birthday is { Length: > 0 } birthday ? birthday : "-",
            buyer.Client ?? 0, LikeshopText.ClientDescription(buyer.Client),
            buyer.CreateTime is { } created ? zone.Format(created) : ""));
    }

    /// <summary><c>GET /kefuapi/chat/order?user_id=&amp;order_sn=</c>: the user's orders in this shop with their goods, newest first.</summary>
    public static async Task<IResult> Orders(ClaimsPrincipal caller, long? user_id, string? order_sn, int? page_no, int? page_size,
        ISupportStore support, IPlatformDataStore platform, LikeshopUrls urls, PlatformTimeZone zone, CancellationToken cancellationToken)
    {
        var (refused, shopId) = await CustomerOfMyShopAsync(caller, user_id, support, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }
        if (LikeshopPaging.Read(page_no, page_size) is not { } paging)
        {
            return LikeshopEnvelope.Fail(LikeshopPaging.InvalidMessage);
        }
        var search = order_sn?.Trim();
        var orders = (await platform.ListOrdersAsync(shopId, user_id!.Value, cancellationToken))
            .Where(o => string.IsNullOrEmpty(search) || o.Sn.Contains(search, StringComparison.OrdinalIgnoreCase))
            .Select(order => CustomerOrderResponse.From(order, urls, zone))
            .ToList();
        return LikeshopEnvelope.Success(LikeshopPaging.Slice(orders, paging));
    }

    /// <summary>
    /// The agent's shop, or the refusal: no user id, or a user who neither talked to the shop nor came online to this agent.
    /// </summary>
    private static async Task<(IResult? Refused, long ShopId)> CustomerOfMyShopAsync(ClaimsPrincipal caller, long? userId,
        ISupportStore support, CancellationToken cancellationToken)
    {
        var (shopId, kefuId) = caller.LikeshopAgent();
        if (userId is not > 0)
        {
            return (LikeshopEnvelope.Fail("参数缺失"), shopId);
        }
        return await support.IsCustomerAsync(shopId, userId.Value, kefuId, cancellationToken)
            ? (null, shopId)
            : (LikeshopEnvelope.Fail(NotCustomerMessage), shopId);
    }
}

public sealed record CustomerInfoResponse(long Id, string Sn, string Nickname, string Avatar, int Level, string LevelName, string Mobile,
    string TotalOrderAmount, string Birthday, int Client, string ClientDesc, string CreateTime);

/// <summary>An order on the customer panel; <c>id</c> repeats the order number (Kfk has no numeric order ids).</summary>
public sealed record CustomerOrderResponse(string Id, string OrderSn, int OrderType, string OrderTypeText, int OrderStatus, string OrderStatusText,
    string OrderAmount, string CreateTime, IReadOnlyList<CustomerOrderGoodsResponse> OrderGoods)
{
    public static CustomerOrderResponse From(Order order, LikeshopUrls urls, PlatformTimeZone zone) => new(order.Sn, order.Sn, order.OrderType ?? 0, order.OrderTypeText ?? "",
        order.OrderStatus ?? 0, order.OrderStatusText ?? "", order.OrderAmount ?? "0.00",
        order.CreateTime is { } created ? zone.Format(created) : "",
        [.. order.Goods.Select(g => new CustomerOrderGoodsResponse(g.GoodsId, g.Name, urls.Raw(g.Image), g.Price ?? "0.00", g.Num, g.SpecValue ?? ""))]);
}

public sealed record CustomerOrderGoodsResponse(long GoodsId, string GoodsName, string Image, string GoodsPrice, int GoodsNum, string SpecValue);
