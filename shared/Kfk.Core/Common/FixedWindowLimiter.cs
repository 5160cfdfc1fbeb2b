using System.Collections.Concurrent;

namespace Kfk.Core.Common;

/// <summary>
/// At most <c>limit</c> events per key in each fixed window (a calendar second, a minute), counted in this instance's
/// memory. Past <c>capacity</c> keys the counts start over rather than grow.
/// </summary>
public sealed class FixedWindowLimiter(int limit, TimeSpan window, TimeProvider time, int capacity = 100_000)
{
    private readonly ConcurrentDictionary<string, (long Window, int Count)> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts the event; false when the key is over its limit in the current window.</summary>
    public bool TryAcquire(string key)
    {
        if (_counts.Count >= capacity)
        {
            _counts.Clear();
        }
        var current = time.GetUtcNow().UtcTicks / window.Ticks;
        var entry = _counts.AddOrUpdate(key, (current, 1), (_, e) => e.Window == current ? (current, e.Count + 1) : (current, 1));
        return entry.Count <= limit;
    }

    public void Forget(string key) => _counts.TryRemove(key, out _);
}
