using Kfk.Core.Identity;
using Kfk.Core.QuickReplies;

namespace Kfk.Functions.Likeshop;

/// <summary>The workbench's <c>/kefuapi/chat/…</c> routes (session token in the <c>token</c> header).</summary>
public static class KefuChatApi
{
    public static RouteGroupBuilder MapKefuChat(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/kefuapi/chat").WithTags("likeshop kefu");
        group.MapGet("/reply", Replies).WithName("KefuQuickReplies");
        return group;
    }

    /// <summary>The shop's quick replies, title search by <c>keyword</c>, by sort.</summary>
    public static async Task<IResult> Replies(HttpContext context, string? keyword, TokenService tokens, IQuickReplyStore replies, CancellationToken cancellationToken)
    {
        if (await tokens.AuthenticateAsync(context.Request.Headers[KefuAccountApi.TokenHeader].ToString(), cancellationToken) is not { Kind: PrincipalKind.Kefu, ShopId: { } shopId })
        {
            return LikeshopEnvelope.Fail("登录超时，请重新登录");
        }
        var list = (await replies.ListAsync(shopId, cancellationToken))
            .Where(r => string.IsNullOrWhiteSpace(keyword) || r.Title.Contains(keyword.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(r => new KefuReply(r.Id, r.Title, r.Content, r.Sort))
            .ToList();
        return LikeshopEnvelope.Success(list);
    }
}

public sealed record KefuReply(long Id, string Title, string Content, int Sort);
