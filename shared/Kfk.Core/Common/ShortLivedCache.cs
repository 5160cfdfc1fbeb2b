using System.Collections.Concurrent;

namespace Kfk.Core.Common;

/// <summary>
/// Keeps looked-up records for a short time so that the chat hot path does not read storage for every frame.
/// Changes made elsewhere become visible after at most <c>ttl</c>.
/// </summary>
public sealed class ShortLivedCache<TKey, TValue>(TimeSpan ttl, TimeProvider time, int capacity = 50_000)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue? Value, DateTimeOffset Expires)> _entries = new();

    public async Task<TValue?> GetAsync(TKey key, Func<TKey, CancellationToken, Task<TValue?>> load, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            return entry.Value;
        }
        var value = await load(key, cancellationToken);
        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }
        _entries[key] = (value, now + ttl);
        return value;
    }

    public void Forget(TKey key) => _entries.TryRemove(key, out _);
}
