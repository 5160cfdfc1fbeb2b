using Kfk.Core.Webhooks;

namespace Kfk.Core.Disputes;

public interface IDisputeStore
{
    /// <summary>
    /// Stores a new dispute with the next report id; <c>Created</c> is null when the order already has an open one
    /// (<c>ExistingOpen</c> names it). <paramref name="raise"/>'s event is kept in the same transaction (the outbox) until
    /// <see cref="MarkPublishedAsync"/>.
    /// </summary>
    Task<(Dispute? Created, long? ExistingOpen)> CreateAsync(Func<long, Dispute> create, Func<Dispute, WebhookEvent>? raise, CancellationToken cancellationToken);

    Task<StoredDispute?> FindAsync(long reportId, CancellationToken cancellationToken);

    /// <summary>The order's most recent dispute (the one its room shows).</summary>
    Task<StoredDispute?> FindLatestForOrderAsync(string orderSn, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the dispute if it still has <paramref name="version"/>; false when someone changed it first. The
    /// <paramref name="raised"/> event is stored in the same transaction (the outbox), so it exists exactly when the change does.
    /// </summary>
    Task<bool> UpdateAsync(Dispute dispute, string version, WebhookEvent? raised, CancellationToken cancellationToken);

    /// <summary>Outbox events not yet published that were raised before <paramref name="raisedBefore"/> (the sweep).</summary>
    Task<IReadOnlyList<OutboxEntry>> UnpublishedEventsAsync(DateTimeOffset raisedBefore, CancellationToken cancellationToken);

    /// <summary>Removes the outbox event once it was handed to the webhooks.</summary>
    Task MarkPublishedAsync(long reportId, string eventType, CancellationToken cancellationToken);

    /// <summary>Recorded <see cref="PlatformEvent"/>s not yet sent as webhooks (rows from before webhooks existed included).</summary>
    Task<IReadOnlyList<PlatformEvent>> UnsentPlatformEventsAsync(CancellationToken cancellationToken);

    /// <summary>Marks the recorded event as sent as a webhook; it stays pending for <see cref="PendingEventsAsync"/>.</summary>
    Task MarkPlatformEventSentAsync(PlatformEvent platformEvent, CancellationToken cancellationToken);

    /// <summary>Disputes matching the filter, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Dispute>> ListAsync(DisputeFilter filter, int limit, CancellationToken cancellationToken);

    /// <summary>Open disputes past their due time not yet marked overdue.</summary>
    Task<IReadOnlyList<long>> DueForOverdueAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records the event once per (type, key); false when it was recorded before.</summary>
    Task<bool> RecordEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken);

    Task<IReadOnlyList<PlatformEvent>> PendingEventsAsync(CancellationToken cancellationToken);
}
