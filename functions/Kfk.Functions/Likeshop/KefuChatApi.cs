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

    /// <summary>
    /// History with one user of the kefu's shop: newest page first, records oldest → newest inside a page. Pages are
    /// seq ranges (seq is gapless), so any page costs a summary read, a watermark query and one range query whatever
    /// the length.
    /// </summary>
    public static async Task<IResult> Record(HttpContext context, long? user_id, int? page_no, int? page_size, TokenService tokens,
        ISupportStore support, CancellationToken cancellationToken)
    {
        if (await KefuSession.AuthenticateAsync(context.Request, tokens, cancellationToken) is not { ShopId: { } shopId })
        {
            return LikeshopEnvelope.Fail(KefuSession.ExpiredMessage);
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
        var last = await support.LastSeqAsync(shopId, user_id.Value, cancellationToken);
        var newest = last - ((long)(page - 1) * size);
        var oldest = newest - size + 1;
        var records = await support.ReadRangeAsync(shopId, user_id.Value, Math.Max(oldest, 1), newest, cancellationToken);
        var read = await support.ReadWatermarksAsync(shopId, user_id.Value, cancellationToken);
        // Notices (record type 2, e.g. a transfer) are for the user only.
        var list = records.Where(r => r.RecordType == 1).Select(r => LikeshopFrames.Record(r, LikeshopDialect.PlatformTimeZone, read.IsRead(r))).ToList();
        return LikeshopEnvelope.Success(new LikeshopPage<System.Text.Json.Nodes.JsonObject>(list, page, size, last, oldest > 1 ? 1 : 0));
    }

    /// <summary>The shop's quick replies, title search by <c>keyword</c>, by sort.</summary>
    public static async Task<IResult> Replies(HttpContext context, string? keyword, TokenService tokens, IQuickReplyStore replies, CancellationToken cancellationToken)
    {
        if (await KefuSession.AuthenticateAsync(context.Request, tokens, cancellationToken) is not { ShopId: { } shopId })
        {
            return LikeshopEnvelope.Fail(KefuSession.ExpiredMessage);
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
