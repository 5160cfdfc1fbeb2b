using Kfk.Core.QuickReplies;

namespace Kfk.Azure.QuickReplies;

/// <summary>
/// The stored shape of a quick reply, which is also the public HTTP contract:
/// renaming a property of <see cref="QuickReply"/> changes the API, not this row. Property order is the stored order.
/// </summary>
internal sealed record QuickReplyRow(long Id, long ShopId, string Title, string Content, int Sort, DateTimeOffset UpdatedAt)
{
    public static QuickReplyRow From(QuickReply reply) => new(reply.Id, reply.ShopId, reply.Title, reply.Content, reply.Sort, reply.UpdatedAt);

    public QuickReply ToQuickReply() => new(Id, ShopId, Title, Content, Sort, UpdatedAt);
}
