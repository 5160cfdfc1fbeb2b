namespace Kfk.Core.Disputes;

public interface IDisputeStore
{
    /// <summary>
    /// Stores a new dispute with the next report id; <c>Created</c> is null when the order already has an open one
    /// (<c>ExistingOpen</c> names it).
    /// </summary>
    Task<(Dispute? Created, long? ExistingOpen)> CreateAsync(Func<long, Dispute> create, CancellationToken cancellationToken);

    Task<StoredDispute?> FindAsync(long reportId, CancellationToken cancellationToken);

    /// <summary>The order's most recent dispute (the one its room shows).</summary>
    Task<StoredDispute?> FindLatestForOrderAsync(string orderSn, CancellationToken cancellationToken);

    /// <summary>Replaces the dispute if it still has <paramref name="version"/>; false when someone changed it first.</summary>
    Task<bool> UpdateAsync(Dispute dispute, string version, CancellationToken cancellationToken);

    /// <summary>Disputes matching the filter, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Dispute>> ListAsync(DisputeFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>Open disputes past their due time not yet marked overdue.</summary>
    Task<IReadOnlyList<long>> DueForOverdueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the event once per (type, key); false when it was recorded before.</summary>
    Task<bool> RecordEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlatformEvent>> PendingEventsAsync(CancellationToken cancellationToken);
}
