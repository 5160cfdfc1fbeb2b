using Microsoft.Extensions.Logging;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>The outcome of <see cref="ConnectionLiveness.CheckAsync"/>: <see cref="Stamp"/> is the stamp the connection's state should carry on.</summary>
public readonly record struct LivenessCheck(bool IsClosed, long? Stamp, bool Restamped);

/// <summary>
/// Refuses events naming a connection that has ended. <c>ce-signature</c> is an HMAC over the connection id alone, so a
/// captured event stays authentic for ever; without this, a replay after <c>disconnected</c> would still be honoured.
/// <list type="bullet">
/// <item>This instance remembers the connections it saw <c>disconnected</c> (a bounded set, oldest forgotten first) and
/// refuses them outright.</item>
/// <item>Across instances, the connection state carries a stamp (<see cref="StampKey"/>, Unix seconds, covered by the
/// state's MAC): when the connection was last known to exist (its <c>connect</c>, or the service saying so). While the
/// stamp is younger than <see cref="RecheckAfter"/> nothing is checked; past that, the service is asked once
/// (<c>HEAD /api/hubs/{hub}/connections/{id}</c>) and a live connection gets a fresh stamp in the reply. So a busy
/// connection costs one REST call per <see cref="RecheckAfter"/>, never a table read or a call per chat message. The
/// service is the authority: our Presence rows cannot be, as only the likeshop hub writes them, on <c>connected</c>,
/// which may arrive after the connection's first frame.</item>
/// </list>
/// Residual risk: an instance that did not see <c>disconnected</c> honours a replay whose state is younger than
/// <see cref="RecheckAfter"/>, that is up to <see cref="RecheckAfter"/> after the newest state the replayer captured; a
/// repeated <c>disconnected</c> there runs the dialect again. A replayed <c>connect</c> there mints a freshly stamped
/// state, but the dialect builds it from the captured handshake, so it names someone only while the captured token (or
/// a replayed login frame's) is still valid, and that token grants as much by itself. When the service cannot be
/// asked, the event is honoured and checked again next time: dropping live clients during a Web PubSub outage would be
/// worse than a longer replay window. A new <c>ce-id</c> is free to choose, so this, not the <c>ce-id</c> dedupe, is
/// what bounds a replayer.
/// </summary>
public sealed partial class ConnectionLiveness(WebPubSubRestClient rest, TimeProvider time, ILogger<ConnectionLiveness> logger)
{
    public const string StampKey = "$alive";
    public const int MaxRememberedClosed = 100_000;
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly HashSet<string> _closed = new(StringComparer.Ordinal);
    private readonly Queue<string> _closedOldestFirst = new();

    public int RememberedClosedCount
    {
        get
        {
            lock (_gate)
            {
                return _closed.Count;
            }
        }
    }

    /// <summary>The stamp of a connection known to exist now.</summary>
    public long CurrentStamp => time.GetUtcNow().ToUnixTimeSeconds();

    public void MarkClosed(string connectionId)
    {
        lock (_gate)
        {
            if (!_closed.Add(connectionId))
            {
                return;
            }
            _closedOldestFirst.Enqueue(connectionId);
            while (_closed.Count > MaxRememberedClosed)
            {
                _closed.Remove(_closedOldestFirst.Dequeue());
            }
        }
    }

    public bool IsKnownClosed(string connectionId)
    {
        lock (_gate)
        {
            return _closed.Contains(connectionId);
        }
    }

    /// <summary>Whether an event carrying <paramref name="state"/> (decoded, stamp included) may be honoured.</summary>
    public async Task<LivenessCheck> CheckAsync(string hub, string connectionId, IReadOnlyDictionary<string, string> state, CancellationToken cancellationToken)
    {
        if (IsKnownClosed(connectionId))
        {
            return new LivenessCheck(IsClosed: true, null, Restamped: false);
        }
        var stamp = StampOf(state);
        var now = CurrentStamp;
        var window = (long)RecheckAfter.TotalSeconds;
        if (stamp is { } issued && issued > now - window && issued < now + window) // either way: instances' clocks differ a little
        {
            return new LivenessCheck(IsClosed: false, stamp, Restamped: false);
        }
        bool exists;
        try
        {
            exists = await rest.ConnectionExistsAsync(hub, connectionId, cancellationToken);
        }
        catch (Exception ex) when (ex is WebPubSubRequestException or HttpRequestException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogCheckFailed(logger, ex, connectionId);
            return new LivenessCheck(IsClosed: false, stamp, Restamped: false);
        }
        if (!exists)
        {
            MarkClosed(connectionId);
            return new LivenessCheck(IsClosed: true, null, Restamped: false);
        }
        return new LivenessCheck(IsClosed: false, now, Restamped: true);
    }

    public static long? StampOf(IReadOnlyDictionary<string, string> state) => ConnectionStateStamp.Of(state, StampKey);

    /// <summary>The state as dialects see it: without the stamp.</summary>
    public static IReadOnlyDictionary<string, string> WithoutStamp(IReadOnlyDictionary<string, string> state) => ConnectionStateStamp.Without(state, StampKey);

    /// <summary>A dialect's state with the stamp put back (or left out when there is none).</summary>
    public static IReadOnlyDictionary<string, string> WithStamp(IReadOnlyDictionary<string, string> state, long? stamp) =>
        ConnectionStateStamp.With(state, StampKey, stamp);

    [LoggerMessage(1, LogLevel.Warning, "Could not ask the service whether connection {ConnectionId} still exists; honouring its event")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string connectionId);
}
