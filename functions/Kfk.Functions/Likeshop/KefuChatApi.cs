using System.Security.Claims;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.QuickReplies;
using Kfk.Core.Support;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Likeshop;

/// <summary>The workbench's <c>/kefuapi/chat/…</c> routes (session token in the <c>token</c> header).</summary>
public static class KefuChatApi
{
    public static RouteGroupBuilder MapKefuChat(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kefuapi/chat").WithTags("likeshop kefu").WithLikeshopErrors().RequireAuthorization(KfkPolicies.Kefu);
        group.MapGet("/reply", Replies).WithName("KefuQuickReplies").WithSummary("The shop's quick replies (likeshop-compatible)");
        group.MapGet("/record", Record).WithName("KefuChatRecord").WithSummary("Chat history with one user (likeshop-compatible)");
        group.MapGet("/user", KefuWorkbenchApi.Users).WithName("KefuChatUsers").WithSummary("The agent's recent conversations (likeshop-compatible)");
        group.MapGet("/online", KefuWorkbenchApi.OnlineColleagues).WithName("KefuOnlineColleagues").WithSummary("The other online agents of the shop (likeshop-compatible)");
        group.MapGet("/kefuInfo", KefuWorkbenchApi.KefuInfo).WithName("KefuInfo").WithSummary("The signed-in agent (likeshop-compatible)");
        group.MapGet("/config", KefuWorkbenchApi.Config).WithName("KefuWorkbenchConfig").WithSummary("What the workbench needs before login (likeshop-compatible)").AllowAnonymous();
        group.MapGet("/userInfo", KefuCustomerApi.UserInfo).WithName("KefuCustomerInfo").WithSummary("A customer's profile, mobile masked (likeshop-compatible)");
        group.MapGet("/order", KefuCustomerApi.Orders).WithName("KefuCustomerOrders").WithSummary("A customer's orders in this shop (likeshop-compatible)");
        return group;
    }

    /// <summary>History with one user of the kefu's shop (<see cref="SupportHistory"/>).</summary>
    public static async Task<IResult> Record(ClaimsPrincipal caller, long? user_id, int? page_no, int? page_size,
        ISupportStore support, LikeshopUrls urls, PlatformTimeZone zone, CancellationToken cancellationToken)
    {
        var (shopId, kefuId) = caller.LikeshopAgent();
        if (user_id is not > 0)
        {
            return LikeshopEnvelope.Fail("参数错误");
        }
        // As userInfo and order: only the shop's customers (who talked to it or came online to this agent).
        if (!await support.IsCustomerAsync(shopId, user_id.Value, kefuId, cancellationToken))
        {
            return LikeshopEnvelope.Fail(KefuCustomerApi.NotCustomerMessage);
        }
        if (LikeshopPaging.Read(page_no, page_size) is not (int page, int size))
        {
            return LikeshopEnvelope.Fail(LikeshopPaging.InvalidMessage);
        }
        // Notices (record type 2, e.g. a transfer) are for the user only.
        var history = await SupportHistory.PageAsync(support, shopId, user_id.Value, page, size, includeNotices: false, cancellationToken);
        var list = history.Records.Select(r => LikeshopFrames.Record(r, zone, history.Read.IsRead(r), urls)).ToList();
        return LikeshopEnvelope.Success(new LikeshopPage<System.Text.Json.Nodes.JsonObject>(list, page, size, history.Count, history.More ? 1 : 0));
    }

    /// <summary>The shop's quick replies, title search by <c>keyword</c>, by sort, paged.</summary>
    public static async Task<IResult> Replies(ClaimsPrincipal caller, string? keyword, int? page_no, int? page_size,
        IQuickReplyStore replies, CancellationToken cancellationToken)
    {
        var shopId = caller.LikeshopAgent().ShopId;
        if (LikeshopPaging.Read(page_no, page_size) is not { } paging)
        {
            return LikeshopEnvelope.Fail(LikeshopPaging.InvalidMessage);
        }
        var list = (await replies.ListAsync(shopId, cancellationToken))
            .Where(r => string.IsNullOrWhiteSpace(keyword) || r.Title.Contains(keyword.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(r => new KefuReply(r.Id, r.Title, r.Content, r.Sort))
            .ToList();
        return LikeshopEnvelope.Success(LikeshopPaging.Slice(list, paging));
    }
}

public sealed record KefuReply(long Id, string Title, string Content, int Sort);
