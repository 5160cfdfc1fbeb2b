using Kfk.Core.Common;

namespace Kfk.Core.Realtime;

/// <summary>
/// The server side of one Web PubSub hub: a wire dialect (kfk, likeshop) turning connection events and frames into
/// use cases. The event handler finds the dialect by hub name (case-insensitive).
/// </summary>
public interface IHubDialect
{
    string Hub { get; }

    Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken);

    /// <summary>The socket is open. May arrive after the connection's first user event.</summary>
    Task ConnectedAsync(RealtimeConnection connection, CancellationToken cancellationToken);

    /// <summary>The connection has ended (sent once, when connect had succeeded).</summary>
    Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken);

    Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken);

    /// <summary>
    /// The connection showed traffic and its lease is due (<see cref="Presence.PresenceLease"/>): renew what it holds, e.g.
    /// its presence row. Called about once a minute per live connection, alongside a user event.
    /// </summary>
    Task RenewAsync(RealtimeConnection connection, CancellationToken cancellationToken);

    /// <summary>The dialect's error frame for a refusal decided outside it (e.g. <see cref="FrameErrors.ServerBusy"/>).</summary>
    UserEventReply Refuse(Error error);
}
