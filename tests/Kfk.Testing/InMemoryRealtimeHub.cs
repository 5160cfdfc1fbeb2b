using System.Collections.Concurrent;
using Kfk.Core.Realtime;

namespace Kfk.Testing;

/// <summary>An <see cref="IRealtimeHub"/> that records what would have been delivered, for tests without a gateway.</summary>
public sealed class InMemoryRealtimeHub : IRealtimeHub
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task SendToUserAsync(string hub, string userId, string text, CancellationToken cancellationToken) => Record($"user {hub} {userId} {text}");

    public Task SendToUsersAsync(string hub, IReadOnlyList<string> userIds, string text, IReadOnlyList<string>? excludedConnectionIds,
        CancellationToken cancellationToken) => Record($"users {hub} {string.Join(',', userIds)} {text}");

    public Task SendToGroupAsync(string hub, string group, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken) =>
        Record($"group {hub} {group} {text}");

    public Task SendToConnectionAsync(string hub, string connectionId, string text, CancellationToken cancellationToken) => Record($"connection {hub} {connectionId} {text}");

    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) => Record($"join {hub} {group} {connectionId}");

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) => Record($"leave {hub} {group} {connectionId}");

    public Task CloseUserConnectionsAsync(string hub, string userId, string reason, CancellationToken cancellationToken) => Record($"close-user {hub} {userId} {reason}");

    public Task CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken) => Record($"close {hub} {connectionId} {reason}");

    private Task Record(string call)
    {
        Calls.Enqueue(call);
        return Task.CompletedTask;
    }
}
