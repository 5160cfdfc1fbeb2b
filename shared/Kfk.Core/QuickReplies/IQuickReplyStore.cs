namespace Kfk.Core.QuickReplies;

public interface IQuickReplyStore
{
    Task<QuickReply> CreateAsync(long shopId, Func<long, QuickReply> create, CancellationToken cancellationToken);

    Task<QuickReply?> FindAsync(long shopId, long id, CancellationToken cancellationToken);

    Task UpdateAsync(QuickReply reply, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(long shopId, long id, CancellationToken cancellationToken);

    /// <summary>A shop's replies in one partition query, by sort then id.</summary>
    Task<IReadOnlyList<QuickReply>> ListAsync(long shopId, CancellationToken cancellationToken);
}
