using Kfk.Core.Common;

namespace Kfk.Core.Support;

/// <summary>
/// Mark read: an agent marks everything a user of its shop sent as read, only while it serves that user; a buyer marks
/// the conversation with an agent of the shop as read. The reader's watermark (and an agent's list row) moves to the
/// conversation's last record, and the writer of what became read is told how far. Returns that seq.
/// </summary>
public sealed class MarkConversationRead(ISupportStore support, SupportDirectory directory, ISupportNotifier notifier)
{
    /// <summary>An agent names the user (<paramref name="userId"/>) and may name its shop; a buyer names the agent (<paramref name="kefuId"/>).</summary>
    public async Task<Result<long>> ExecuteAsync(SupportActor reader, long? userId, long? shopId, long? kefuId, CancellationToken cancellationToken)
    {
        long user, kefu;
        if (!reader.IsUser)
        {
            if (userId is not { } customer || (shopId is { } shop && shop != reader.ShopId))
            {
                return SupportErrors.Arguments("An agent reads a user (user_id) of its own shop (shop_id).");
            }
            (user, kefu) = (customer, reader.Id);
        }
        else
        {
            var agent = kefuId is { } id ? await directory.AgentAsync(id, cancellationToken) : null;
            if (agent is null || agent.ShopId != reader.ShopId)
            {
                return SupportErrors.AgentMissing(kefuId);
            }
            (user, kefu) = (reader.Id, agent.Id);
        }
        var summary = await support.SummaryAsync(reader.ShopId, user, cancellationToken);
        if (!reader.IsUser && summary is null)
        {
            return SupportErrors.NotCustomer(user);
        }
        if (!reader.IsUser && summary!.Assignee != reader.Id)
        {
            return Error.Forbidden(SupportErrors.NotServing, $"Another agent serves user {user}.");
        }
        var last = summary?.LastSeq ?? 0;
        await support.MarkReadAsync(reader.ShopId, user, reader.Role, last, cancellationToken);
        if (!reader.IsUser)
        {
            await support.MarkInboxReadAsync(reader.Id, reader.ShopId, user, last, cancellationToken);
        }
        await notifier.ReadAsync(reader.Role, reader.ShopId, user, kefu, last, cancellationToken);
        return last;
    }
}
