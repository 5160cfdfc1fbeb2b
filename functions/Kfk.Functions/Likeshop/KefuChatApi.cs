using Kfk.Core.Identity;
using Kfk.Core.Likeshop;
using Kfk.Core.QuickReplies;
using Kfk.Core.Support;

namespace Kfk.Functions.Likeshop;

/// <summary>The workbench's <c>/kefuapi/chat/…</c> routes (session token in the <c>token</c> header).</summary>
public static class KefuChatApi
{
    public static RouteGroupBuilder MapKefuChat(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kefuapi/chat").WithTags("likeshop kefu");
        group.MapGet("/reply", Replies).WithName("KefuQuickReplies");
        group.MapGet("/record", Record).WithName("KefuChatRecord");
        return group;
    }

    /// <summary>History with one user of the kefu's shop (<see cref="SupportHistory"/>).</summary>
    public static async Task<IResult> Record(HttpContext context, long? user_id, int? page_no, int? page_size, TokenService tokens,
        ISupportStore support, CancellationToken cancellationToken)
    {
        if (await LikeshopSession.AuthenticateKefuAsync(context.Request, tokens, cancellationToken) is not { ShopId: { } shopId })
        {
            return LikeshopEnvelope.Fail(LikeshopSession.ExpiredMessage);
        }
        if (user_id is not > 0)
        {
            return LikeshopEnvelope.Fail("参数错误");
        }
        var page = page_no ?? 1;
        var size = page_size ?? 15;
        if (page < 1 || size is < 1 or > 100)
        {
            return LikeshopEnvelope.Fail("分页参数错误");
        }
        // Notices (record type 2, e.g. a transfer) are for the user only.
        var history = await SupportHistory.PageAsync(support, shopId, user_id.Value, page, size, includeNotices: false, cancellationToken);
        var list = history.Records.Select(r => LikeshopFrames.Record(r, LikeshopDialect.PlatformTimeZone, history.Read.IsRead(r))).ToList();
        return LikeshopEnvelope.Success(new LikeshopPage<System.Text.Json.Nodes.JsonObject>(list, page, size, history.Count, history.More ? 1 : 0));
    }

    /// <summary>The shop's quick replies, title search by <c>keyword</c>, by sort.</summary>
    public static async Task<IResult> Replies(HttpContext context, string? keyword, TokenService tokens, IQuickReplyStore replies, CancellationToken cancellationToken)
    {
        if (await LikeshopSession.AuthenticateKefuAsync(context.Request, tokens, cancellationToken) is not { ShopId: { } shopId })
        {
            return LikeshopEnvelope.Fail(LikeshopSession.ExpiredMessage);
        }
        var list = (await replies.ListAsync(shopId, cancellationToken))
            .Where(r => string.IsNullOrWhiteSpace(keyword) || r.Title.Contains(keyword.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(r => new KefuReply(r.Id, r.Title, r.Content, r.Sort))
            .ToList();
        return LikeshopEnvelope.Success(list);
    }
}

/// <summary>The likeshop paging shape.</summary>
public sealed record LikeshopPage<T>(IReadOnlyList<T> List, int Page, int Size, long Count, int More);

public sealed record KefuReply(long Id, string Title, string Content, int Sort);
