using Kfk.Core.Presence;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IPresenceStore"/> in memory: the open connections of each identity per hub.</summary>
public sealed class InMemoryPresenceStore : IPresenceStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Hub, string Identity), HashSet<string>> _connections = [];

    public Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue((hub, identity), out var open))
            {
                _connections[(hub, identity)] = open = new HashSet<string>(StringComparer.Ordinal);
            }
            open.Add(connectionId);
        }
        return Task.CompletedTask;
    }

    public Task<int> RemoveConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var open = _connections.GetValueOrDefault((hub, identity));
            open?.Remove(connectionId);
            return Task.FromResult(open?.Count ?? 0);
        }
    }

    public Task<bool> IsOnlineAsync(string hub, string identity, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_connections.GetValueOrDefault((hub, identity)) is { Count: > 0 });
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
}
