using Kfk.Core.Realtime;

namespace Kfk.Testing.InMemory;

/// <summary>
/// An <see cref="IRealtimeHub"/> whose service is down: its first <paramref name="failures"/> calls throw, as the REST client
/// does on a 5xx (all of them by default); later calls go to <paramref name="recovered"/>.
/// </summary>
public sealed class FailingRealtimeHub(int failures = int.MaxValue, IRealtimeHub? recovered = null) : IRealtimeHub
{
    private int _attempts;

    /// <summary>How many calls were tried.</summary>
    public int Attempts => _attempts;

    public Task SendToUserAsync(string hub, string userId, string text, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.SendToUserAsync(hub, userId, text, cancellationToken);

    public Task SendToUsersAsync(string hub, IReadOnlyList<string> userIds, string text, IReadOnlyList<string>? excludedConnectionIds,
        CancellationToken cancellationToken) =>
        Fail() ?? recovered!.SendToUsersAsync(hub, userIds, text, excludedConnectionIds, cancellationToken);

    public Task SendToGroupAsync(string hub, string group, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.SendToGroupAsync(hub, group, text, excludedConnectionIds, cancellationToken);

    public Task SendToConnectionAsync(string hub, string connectionId, string text, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.SendToConnectionAsync(hub, connectionId, text, cancellationToken);

    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.AddConnectionToGroupAsync(hub, group, connectionId, cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.RemoveConnectionFromGroupAsync(hub, group, connectionId, cancellationToken);

    public Task CloseUserConnectionsAsync(string hub, string userId, string reason, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.CloseUserConnectionsAsync(hub, userId, reason, cancellationToken);

    public Task CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken) =>
        Fail() ?? recovered!.CloseConnectionAsync(hub, connectionId, reason, cancellationToken);

    /// <summary>The failure, or null when this call goes to the recovered hub.</summary>
    private Task? Fail() =>
        Interlocked.Increment(ref _attempts) <= failures || recovered is null
            ? Task.FromException(new HttpRequestException("The realtime service is unavailable.", null, System.Net.HttpStatusCode.ServiceUnavailable))
            : null;
}
