using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace Kfk.Core.Common;

/// <summary>
/// A bounded <see cref="MemoryCache"/> of looked-up records so that the chat hot path does not read storage for every
/// frame. Every entry counts 1 towards <c>capacity</c> (past it the cache compacts, oldest and expired first) and
/// expires <c>ttl</c> after it was loaded, on the injected clock. Changes made elsewhere show after at most that time.
/// </summary>
public sealed class RecordCache(TimeSpan ttl, TimeProvider time, int capacity = RecordCache.DefaultCapacity) : IDisposable
{
    public const int DefaultCapacity = 50_000;

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = capacity, Clock = new TimeProviderClock(time) });

    /// <summary>The record kept under <paramref name="key"/>, else <paramref name="load"/>'s (a null too, so absence is kept as well).</summary>
    public async Task<TValue?> GetAsync<TKey, TValue>(TKey key, Func<TKey, CancellationToken, Task<TValue?>> load,
        CancellationToken cancellationToken)
        where TKey : notnull
    {
        if (_cache.TryGetValue(key, out TValue? cached))
        {
            return cached;
        }
        var value = await load(key, cancellationToken);
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ttl });
        return value;
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>The injected clock, for a <see cref="MemoryCache"/> whose entries expire on it.</summary>
    internal sealed class TimeProviderClock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
