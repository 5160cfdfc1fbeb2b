namespace Kfk.Core.Presence;

/// <summary>
/// Who is online, counted by connections: one row per open connection of an identity (<c>user:12</c>, <c>kefu:7</c>)
/// per hub, so that one device closing does not mark a person offline while another is open. Adding and removing are
/// idempotent (the service may deliver connected/disconnected more than once).
/// </summary>
public interface IPresenceStore
{
    Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken);

    /// <summary>Removes the connection and returns how many connections of the identity remain.</summary>
    Task<int> RemoveConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken);

    Task<bool> IsOnlineAsync(string hub, string identity, CancellationToken cancellationToken);

    /// <summary>Which of the identities are online (one small query each, a few at a time).</summary>
    Task<IReadOnlySet<string>> OnlineAmongAsync(string hub, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);
}
