using Kfk.Core.QuickReplies;

namespace Kfk.Functions.QuickReplies;

/// <summary>A quick reply on the native API (<c>/api/v1/shops/{shop_id}/quick-replies</c>).</summary>
public sealed record QuickReplyResponse(long Id, long ShopId, string Title, string Content, int Sort, DateTimeOffset UpdatedAt)
{
    public static QuickReplyResponse From(QuickReply reply) => new(reply.Id, reply.ShopId, reply.Title, reply.Content, reply.Sort, reply.UpdatedAt);
}

public sealed record QuickReplyListResponse(IReadOnlyList<QuickReplyResponse> List);
