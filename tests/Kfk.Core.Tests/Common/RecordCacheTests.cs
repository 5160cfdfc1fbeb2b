using Kfk.Core.Common;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Core.Tests.Common;

public sealed class RecordCacheTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2031, 5, 17, 8, 0, 0, TimeSpan.Zero));
    private readonly Dictionary<long, string?> _store = new() { [1] = "one" };
    private int _loads;

    [Fact]
    public async Task ARecord_IsLoadedOnce_UntilItsTtlPassesOnTheInjectedClock()
    {
        using var cache = new RecordCache(Ttl, _time);

        var first = await cache.GetAsync(1L, LoadAsync, CancellationToken.None);
        _store[1] = "uno";
        _time.Advance(Ttl - TimeSpan.FromSeconds(1));
        var beforeTtl = await cache.GetAsync(1L, LoadAsync, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(1));
        var afterTtl = await cache.GetAsync(1L, LoadAsync, CancellationToken.None);

        Assert.Equal("one", first);
        Assert.Equal("one", beforeTtl);
        Assert.Equal("uno", afterTtl);
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task AMissingRecord_IsKeptAsMissing()
    {
        using var cache = new RecordCache(Ttl, _time);

        var first = await cache.GetAsync(2L, LoadAsync, CancellationToken.None);
        var second = await cache.GetAsync(2L, LoadAsync, CancellationToken.None);

        Assert.Null(first);
        Assert.Null(second);
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task PastItsCapacity_AtMostCapacityRecordsAreKept_AndEveryReadIsRight()
    {
        using var cache = new RecordCache(Ttl, _time, capacity: 10);
        for (long id = 1; id <= 100; id++)
        {
            _store[id] = $"record {id}";
        }

        var reads = new List<string?>();
        for (var pass = 0; pass < 2; pass++)
        {
            for (long id = 1; id <= 100; id++)
            {
                reads.Add(await cache.GetAsync(id, LoadAsync, CancellationToken.None));
            }
        }

        Assert.Equal([.. Enumerable.Range(1, 100).Select(i => $"record {i}"), .. Enumerable.Range(1, 100).Select(i => $"record {i}")], reads);
        // The second pass finds at most the ten records the first one left.
        Assert.InRange(_loads, 190, 200);
    }

    private Task<string?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        _loads++;
        return Task.FromResult(_store.GetValueOrDefault(id));
    }
}
