namespace Kfk.Core.Realtime;

/// <summary>
/// Delivery to clients (SignalR's HubLifetimeManager vocabulary). Sends to absent users, groups or connections are
/// no-ops, as the service's are.
/// </summary>
public interface IRealtimeHub
{
    Task SendToUserAsync(string hub, string userId, string text, CancellationToken cancellationToken);

    /// <summary>Every connection of these users but the excluded ones, in one call to the service.</summary>
    Task SendToUsersAsync(string hub, IReadOnlyList<string> userIds, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken);

    Task SendToGroupAsync(string hub, string group, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken);

    Task SendToConnectionAsync(string hub, string connectionId, string text, CancellationToken cancellationToken);

    Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken);

    Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken);

    Task CloseUserConnectionsAsync(string hub, string userId, string reason, CancellationToken cancellationToken);

    Task CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken);
}
