using System.Globalization;
using Kfk.Core.Disputes;
using Kfk.Core.Webhooks;

namespace Kfk.Testing.InMemory;

/// <summary>
/// <see cref="IDisputeStore"/> in memory: report ids from 1, one open dispute per order, a version per dispute that every
/// update must match, platform events once per (type, key).
/// </summary>
public sealed class InMemoryDisputeStore : IDisputeStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, (Dispute Dispute, int Version)> _disputes = [];
    private readonly Dictionary<string, PlatformEvent> _events = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sentEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<(long ReportId, string Type), WebhookEvent> _outbox = [];

    public Task<(Dispute? Created, long? ExistingOpen)> CreateAsync(Func<long, Dispute> create, Func<Dispute, WebhookEvent>? raise, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var dispute = create(_disputes.Count + 1);
            if (_disputes.Values.FirstOrDefault(d => d.Dispute.OrderSn == dispute.OrderSn && d.Dispute.IsOpen).Dispute is { } open)
            {
                return Task.FromResult<(Dispute?, long?)>((null, open.ReportId));
            }
            _disputes[dispute.ReportId] = (dispute, 1);
            if (raise?.Invoke(dispute) is { } raised)
            {
                _outbox[(dispute.ReportId, raised.Type)] = raised;
            }
            return Task.FromResult<(Dispute?, long?)>((dispute, null));
        }
    }

    public Task<StoredDispute?> FindAsync(long reportId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_disputes.TryGetValue(reportId, out var stored)
                ? new StoredDispute(stored.Dispute, stored.Version.ToString(CultureInfo.InvariantCulture))
                : null);
        }
    }

    public Task<StoredDispute?> FindLatestForOrderAsync(string orderSn, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var latest = _disputes.Values.Where(d => d.Dispute.OrderSn == orderSn).OrderByDescending(d => d.Dispute.ReportId).FirstOrDefault();
            return Task.FromResult(latest.Dispute is { } dispute ? new StoredDispute(dispute, latest.Version.ToString(CultureInfo.InvariantCulture)) : null);
        }
    }

    public Task<bool> UpdateAsync(Dispute dispute, string version, WebhookEvent? raised, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_disputes.TryGetValue(dispute.ReportId, out var stored) || stored.Version.ToString(CultureInfo.InvariantCulture) != version)
            {
                return Task.FromResult(false);
            }
            _disputes[dispute.ReportId] = (dispute, stored.Version + 1);
            if (raised is not null)
            {
                _outbox[(dispute.ReportId, raised.Type)] = raised;
            }
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<Dispute>> ListAsync(DisputeFilter filter, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Dispute> found = [.. _disputes.Values.Select(d => d.Dispute)
                .Where(d => (filter.Open is null || d.IsOpen == filter.Open) && (filter.Overdue is null || d.Overdue == filter.Overdue)
                    && (filter.OrderSn is null || d.OrderSn == filter.OrderSn) && (filter.ShopId is not { } shop || d.Involves(shop)))
                .OrderByDescending(d => d.ReportId).Take(limit)];
            return Task.FromResult(found);
        }
    }

    public Task<IReadOnlyList<long>> DueForOverdueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<long> due = [.. _disputes.Values.Select(d => d.Dispute).Where(d => DisputeRules.IsDueForOverdue(d, now)).Select(d => d.ReportId)];
            return Task.FromResult(due);
        }
    }

    public Task<bool> RecordEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_events.TryAdd($"{platformEvent.Type}:{platformEvent.Key}", platformEvent));
        }
    }

    public Task<IReadOnlyList<OutboxEntry>> UnpublishedEventsAsync(DateTimeOffset raisedBefore, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<OutboxEntry> entries = [.. _outbox.Where(e => e.Value.OccurredAt < raisedBefore).Select(e => new OutboxEntry(e.Key.ReportId, e.Value))];
            return Task.FromResult(entries);
        }
    }

    public Task MarkPublishedAsync(long reportId, string eventType, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _outbox.Remove((reportId, eventType));
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<PlatformEvent>> UnsentPlatformEventsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<PlatformEvent> unsent = [.. _events.Where(e => !_sentEvents.Contains(e.Key)).Select(e => e.Value)];
            return Task.FromResult(unsent);
        }
    }

    public Task MarkPlatformEventSentAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _sentEvents.Add($"{platformEvent.Type}:{platformEvent.Key}");
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<PlatformEvent>> PendingEventsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<PlatformEvent> pending = [.. _events.Values];
            return Task.FromResult(pending);
        }
    }
}
