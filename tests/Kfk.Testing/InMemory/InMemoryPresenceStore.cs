using Kfk.Core.Presence;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IPresenceStore"/> in memory: the open connections of each identity per hub, each until its lease ends.</summary>
public sealed class InMemoryPresenceStore(TimeProvider? time = null) : IPresenceStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Hub, string Identity), Dictionary<string, DateTimeOffset>> _connections = [];

    public Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue((hub, identity), out var open))
            {
                _connections[(hub, identity)] = open = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            }
            open[connectionId] = _time.GetUtcNow() + PresenceLease.Duration;
        }
        return Task.CompletedTask;
    }

    public Task<int> RemoveConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var open = _connections.GetValueOrDefault((hub, identity));
            open?.Remove(connectionId);
            return Task.FromResult(Live(open));
        }
    }

    public Task<bool> IsOnlineAsync(string hub, string identity, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(Live(_connections.GetValueOrDefault((hub, identity))) > 0);
        }
    }

    public async Task<IReadOnlySet<string>> OnlineAmongAsync(string hub, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        var online = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in identities)
        {
            if (await IsOnlineAsync(hub, identity, cancellationToken))
            {
                online.Add(identity);
            }
        }
        return online;
    }

    private int Live(Dictionary<string, DateTimeOffset>? open)
    {
        var now = _time.GetUtcNow();
        return open?.Values.Count(until => until > now) ?? 0;
    }
}
