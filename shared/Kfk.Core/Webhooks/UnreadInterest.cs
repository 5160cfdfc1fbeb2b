namespace Kfk.Core.Webhooks;

/// <summary>
/// Whether any subscription wants <c>message.unread</c>, as this instance last saw it: every unread check lists the
/// subscriptions anyway and tells this (<see cref="Saw"/>); a subscription created or changed here forgets it. While the
/// last look found none, <see cref="UnreadWatch"/> schedules checks sparingly: none for <see cref="FreshFor"/>, then ONE
/// (the re-look: whichever conversation comes first) and none until that check has run. So a platform without such a
/// webhook pays about one check per instance and window instead of one per conversation and window, and the hot path
/// never reads. On other instances a new subscription takes effect within <see cref="FreshFor"/> plus one delay;
/// conversations whose messages fell in that gap are checked at their next message.
/// </summary>
public sealed class UnreadInterest(TimeProvider time)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private DateTimeOffset? _unwantedSince;
    private DateTimeOffset _relookPendingUntil;

    /// <summary>
    /// Whether a conversation's first unread message should schedule its check (visible after <paramref name="delay"/>):
    /// yes unless the last look found no subscription wanting it, then only as the one pending re-look.
    /// </summary>
    public bool ShouldSchedule(TimeSpan delay)
    {
        lock (_gate)
        {
            if (_unwantedSince is not { } since)
            {
                return true;
            }
            var now = time.GetUtcNow();
            if (now - since < FreshFor || now < _relookPendingUntil)
            {
                return false;
            }
            // This check is the re-look; should it be lost, another one is allowed once it is overdue.
            _relookPendingUntil = now + delay + FreshFor;
            return true;
        }
    }

    /// <summary>Records what a look at all subscriptions found: whether any of them <paramref name="wanted"/> <c>message.unread</c>.</summary>
    public void Saw(bool wanted)
    {
        lock (_gate)
        {
            _unwantedSince = wanted ? null : time.GetUtcNow();
            _relookPendingUntil = default;
        }
    }

    /// <summary>A subscription changed on this instance: every conversation schedules its check again until the next look.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _unwantedSince = null;
            _relookPendingUntil = default;
        }
    }
}
