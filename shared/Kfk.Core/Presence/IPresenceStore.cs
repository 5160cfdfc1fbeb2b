namespace Kfk.Core.Presence;

/// <summary>
/// Who is online, counted by connections: one row per open connection of an identity (<c>user:12</c>, <c>kefu:7</c>)
/// per hub, so that one device closing does not mark a person offline while another is open. Adding and removing are
/// idempotent (the service may deliver connected/disconnected more than once). Each row is a lease of
/// <see cref="PresenceLease.Duration"/>: a connection whose lease ran out counts as closed.
/// </summary>
public interface IPresenceStore
{
    /// <summary>Adds the connection, or renews its lease: one write.</summary>
    Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken);

    /// <summary>Removes the connection and returns how many live connections of the identity remain.</summary>
    Task<int> RemoveConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken);

    Task<bool> IsOnlineAsync(string hub, string identity, CancellationToken cancellationToken);

    /// <summary>Which of the identities are online (one small query each, a few at a time).</summary>
    Task<IReadOnlySet<string>> OnlineAmongAsync(string hub, IReadOnlyCollection<string> identities, CancellationToken cancellationToken);
}
