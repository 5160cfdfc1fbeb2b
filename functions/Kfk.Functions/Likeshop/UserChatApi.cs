using System.Security.Claims;
using System.Text.Json.Nodes;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;
using Kfk.Core.Support;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Likeshop;

/// <summary>The likeshop user app's chat routes (buyer token in the <c>token</c> header).</summary>
public static class UserChatApi
{
    public const string UnavailableMessage = "商家暂未开启在线客服";

    public static IEndpointRouteBuilder MapUserChat(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/index/chatConfig", ChatConfig).WithTags("likeshop user").WithName("UserChatConfig").WithSummary("Whether a shop offers online chat (likeshop-compatible)").WithLikeshopErrors().AllowAnonymous();
        app.MapGet("/api/user/chatRecord", ChatRecord).WithTags("likeshop user").WithName("UserChatRecord").WithSummary("A buyer's chat history (likeshop-compatible)").WithLikeshopErrors()
            .RequireAuthorization(KfkPolicies.Buyer);
        return app;
    }

    /// <summary><c>code 1</c> when the shop offers online chat, else <c>code 0</c> with the shop's manual-service message.</summary>
    public static async Task<IResult> ChatConfig(long? shop_id, IPlatformDataStore platform, CancellationToken cancellationToken)
    {
        var shop = await platform.FindShopAsync(shop_id ?? Shop.PlatformShopId, cancellationToken);
        if (shop is null)
        {
            return LikeshopEnvelope.Fail("店铺不存在");
        }
        return OnlineChatAvailable(shop)
            ? LikeshopEnvelope.Success(new UserChatConfig(Card(shop)))
            : LikeshopEnvelope.Fail(shop.OfflineMessage is { Length: > 0 } message ? message : UnavailableMessage);
    }

    /// <summary>
    /// <c>{config, kefu, record}</c>: <c>kefu</c> is the agent chosen for the user (<see cref="AgentChoice"/>) or
    /// <c>[]</c>, and <c>record</c> the user's history with the shop, newest page first (notices included).
    /// </summary>
    public static async Task<IResult> ChatRecord(ClaimsPrincipal caller, long? shop_id, int? page_no, int? page_size,
        IPlatformDataStore platform, ISupportStore support, AgentChoice choice, LikeshopUrls urls, PlatformTimeZone zone, CancellationToken cancellationToken)
    {
        var userId = caller.LikeshopBuyer().UserId;
        var shop = await platform.FindShopAsync(shop_id ?? Shop.PlatformShopId, cancellationToken);
        if (shop is null || LikeshopPaging.Read(page_no, page_size) is not (int page, int size))
        {
            return LikeshopEnvelope.Fail("参数错误");
        }
        var kefu = OnlineChatAvailable(shop) ? await choice.ChooseAsync(HubNames.Likeshop, shop.Id, userId, cancellationToken) : null;
        var history = await SupportHistory.PageAsync(support, shop.Id, userId, page, size, includeNotices: true, cancellationToken);
        var list = history.Records.Select(r => LikeshopFrames.Record(r, zone, history.Read.IsRead(r), urls)).ToList();
        return LikeshopEnvelope.Success(new UserChatRecord(
            Card(shop),
            kefu is null ? (object)Array.Empty<object>() : new UserChatKefu(kefu.Id, kefu.Nickname, urls.Prefixed(kefu.Avatar), kefu.ShopId, 1),
            new LikeshopPage<JsonObject>(list, page, size, history.Count, history.More ? 1 : 0)));
    }

    private static bool OnlineChatAvailable(Shop shop) => shop.OnlineService && shop.CustomerService is not { Type: 1 };

    private static ShopChatCard Card(Shop shop) => new(
        shop.CustomerService?.Type ?? 2,
        shop.CustomerService?.Wechat ?? "",
        shop.CustomerService?.Phone ?? "",
        shop.CustomerService?.BusinessTime ?? "",
        shop.CustomerService?.Image ?? "");
}

/// <summary>The shop's contact card in <c>chatConfig</c> and <c>chatRecord</c>.</summary>
public sealed record ShopChatCard(int Type, string Wechat, string Phone, string BusinessTime, string Image);

public sealed record UserChatConfig(ShopChatCard Config);

/// <summary><c>kefu</c> is a <see cref="UserChatKefu"/>, or <c>[]</c> when no agent is chosen (as the original server sends).</summary>
public sealed record UserChatRecord(ShopChatCard Config, object Kefu, LikeshopPage<JsonObject> Record);

public sealed record UserChatKefu(long Id, string Nickname, string Avatar, long ShopId, int Online);
