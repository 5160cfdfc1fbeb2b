using Kfk.Core.Realtime;

namespace Kfk.Azure.WebPubSub;

/// <summary><see cref="IRealtimeHub"/> over the data-plane REST API: one REST call per delivery target.</summary>
public sealed class WebPubSubRealtimeHub(WebPubSubRestClient rest) : IRealtimeHub
{
    private const string TextContent = "text/plain";

    public Task SendToUserAsync(string hub, string userId, string text, CancellationToken cancellationToken) =>
        rest.SendToUserAsync(hub, userId, WebPubSubRestClient.Text(text), TextContent, cancellationToken);

    /// <summary>One SendToAll with <c>filter=userId in ('a','b')</c>: the recipient and the sender's other devices cost one call.</summary>
    public Task SendToUsersAsync(string hub, IReadOnlyList<string> userIds, string text, IReadOnlyList<string>? excludedConnectionIds,
        CancellationToken cancellationToken) =>
        rest.SendToAllAsync(hub, WebPubSubRestClient.Text(text), TextContent, excludedConnectionIds, cancellationToken, UserFilter.AnyOf(userIds));

    public Task SendToGroupAsync(string hub, string group, string text, IReadOnlyList<string>? excludedConnectionIds, CancellationToken cancellationToken) =>
        rest.SendToGroupAsync(hub, group, WebPubSubRestClient.Text(text), TextContent, excludedConnectionIds, cancellationToken);

    public Task SendToConnectionAsync(string hub, string connectionId, string text, CancellationToken cancellationToken) =>
        rest.SendToConnectionAsync(hub, connectionId, WebPubSubRestClient.Text(text), TextContent, cancellationToken);

    // A connection that closed meanwhile is not an error: the result is ignored like any send to an absent target.
    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        rest.AddConnectionToGroupAsync(hub, group, connectionId, cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        rest.RemoveConnectionFromGroupAsync(hub, group, connectionId, cancellationToken);

    public Task CloseUserConnectionsAsync(string hub, string userId, string reason, CancellationToken cancellationToken) =>
        rest.CloseUserConnectionsAsync(hub, userId, null, reason, cancellationToken);

    public Task CloseConnectionAsync(string hub, string connectionId, string reason, CancellationToken cancellationToken) =>
        rest.CloseConnectionAsync(hub, connectionId, reason, cancellationToken);
}
