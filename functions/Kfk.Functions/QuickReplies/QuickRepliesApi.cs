using Kfk.Core.Common;
using Kfk.Core.QuickReplies;
using Kfk.Functions.Agents;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.QuickReplies;

public sealed record QuickReplyRequest(string? Title, string? Content, int? Sort);

/// <summary>A shop's quick replies on the native API (the platform, or an admin agent of that shop).</summary>
public static class QuickRepliesApi
{
    public static RouteGroupBuilder MapQuickReplies(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/shops/{shop_id:long}/quick-replies").WithTags("Quick replies").RequireShopAdminCaller();
        group.MapGet("/", List).WithName("ListQuickReplies").WithSummary("List the shop's quick replies").WithDescription("By sort order.");
        group.MapPost("/", Create).WithName("CreateQuickReply").WithSummary("Add a quick reply").WithDescription("A canned answer the shop's agents can send.");
        group.MapPatch("/{id:long}", Update).WithName("UpdateQuickReply").WithSummary("Change a quick reply").WithDescription("Only the fields sent change.").WithPartialQuickReplyBody();
        group.MapDelete("/{id:long}", Delete).WithName("DeleteQuickReply").WithSummary("Delete a quick reply").WithDescription("Answers 204.");
        return group;
    }

    public static async Task<Results<Ok<QuickReplyListResponse>, ProblemHttpResult>> List(
        HttpContext context, long shop_id, IQuickReplyStore store, CancellationToken cancellationToken) =>
        await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied
            ? denied
            : TypedResults.Ok(new QuickReplyListResponse([.. (await store.ListAsync(shop_id, cancellationToken)).Select(QuickReplyResponse.From)]));

    public static async Task<Results<Created<QuickReplyResponse>, ProblemHttpResult>> Create(
        HttpContext context, long shop_id, QuickReplyRequest body, IQuickReplyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        if (QuickReply.Validate(body.Title, body.Content, body.Sort, partial: false) is { } error)
        {
            return error.ToProblem();
        }
        var reply = await store.CreateAsync(shop_id, id => new QuickReply(id, shop_id, body.Title!.Trim(), body.Content!, body.Sort ?? 0, time.GetUtcNow()), cancellationToken);
        return TypedResults.Created($"/api/v1/shops/{shop_id}/quick-replies/{reply.Id}", QuickReplyResponse.From(reply));
    }

    public static async Task<Results<Ok<QuickReplyResponse>, ProblemHttpResult>> Update(
        HttpContext context, long shop_id, long id, QuickReplyRequest body, IQuickReplyStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        if (QuickReply.Validate(body.Title, body.Content, body.Sort, partial: true) is { } error)
        {
            return error.ToProblem();
        }
        if (await store.FindAsync(shop_id, id, cancellationToken) is not { } reply)
        {
            return Error.NotFound("quick_reply_not_found", $"Quick reply {id} does not exist in shop {shop_id}.").ToProblem();
        }
        var updated = reply with { Title = body.Title?.Trim() ?? reply.Title, Content = body.Content ?? reply.Content, Sort = body.Sort ?? reply.Sort, UpdatedAt = time.GetUtcNow() };
        await store.UpdateAsync(updated, cancellationToken);
        return TypedResults.Ok(QuickReplyResponse.From(updated));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        HttpContext context, long shop_id, long id, IQuickReplyStore store, CancellationToken cancellationToken)
    {
        if (await ShopAdminAccess.DeniedAsync(context, shop_id, cancellationToken) is { } denied)
        {
            return denied;
        }
        return await store.DeleteAsync(shop_id, id, cancellationToken)
            ? TypedResults.NoContent()
            : Error.NotFound("quick_reply_not_found", $"Quick reply {id} does not exist in shop {shop_id}.").ToProblem();
    }
}
