using System.Collections.Concurrent;

namespace Kfk.LocalGateway.Connections;

/// <summary>Who is connected, per hub: connections by id, and group membership.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<(string Hub, string ConnectionId), GatewayConnection> _connections = new();
    private readonly ConcurrentDictionary<(string Hub, string Group), ConcurrentDictionary<string, byte>> _groups = new();

    public void Add(GatewayConnection connection) => _connections[(Key(connection.Hub), connection.ConnectionId)] = connection;

    public void Remove(GatewayConnection connection)
    {
        _connections.TryRemove((Key(connection.Hub), connection.ConnectionId), out _);
        foreach (var (key, members) in _groups)
        {
            if (key.Hub == Key(connection.Hub))
            {
                members.TryRemove(connection.ConnectionId, out _);
            }
        }
    }

    public GatewayConnection? Find(string hub, string connectionId) =>
        _connections.TryGetValue((Key(hub), connectionId), out var connection) ? connection : null;

    public IEnumerable<GatewayConnection> InHub(string hub) => _connections.Where(p => p.Key.Hub == Key(hub)).Select(p => p.Value);

    public IEnumerable<GatewayConnection> OfUser(string hub, string userId) => InHub(hub).Where(c => c.UserId == userId);

    public IEnumerable<GatewayConnection> InGroup(string hub, string group) =>
        _groups.TryGetValue((Key(hub), group), out var members)
            ? members.Keys.Select(id => Find(hub, id)).OfType<GatewayConnection>()
            : [];

    public void Join(GatewayConnection connection, string group) =>
        _groups.GetOrAdd((Key(connection.Hub), group), _ => new ConcurrentDictionary<string, byte>())[connection.ConnectionId] = 0;

    public void Leave(GatewayConnection connection, string group)
    {
        if (_groups.TryGetValue((Key(connection.Hub), group), out var members))
        {
            members.TryRemove(connection.ConnectionId, out _);
        }
    }

    public IEnumerable<string> GroupsOf(GatewayConnection connection) =>
        _groups.Where(p => p.Key.Hub == Key(connection.Hub) && p.Value.ContainsKey(connection.ConnectionId)).Select(p => p.Key.Group);

    private static string Key(string hub) => hub.ToLowerInvariant();
}
