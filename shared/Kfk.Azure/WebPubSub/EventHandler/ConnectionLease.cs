using Kfk.Core.Presence;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>
/// When the connection last renewed what it holds (its presence lease, <see cref="PresenceLease"/>): Unix seconds under
/// <see cref="StampKey"/> in the connection state (covered by the state's MAC), set at <c>connect</c>. A user event
/// that finds it older than <see cref="PresenceLease.RenewAfter"/> renews the lease and carries a fresh stamp back, so a
/// connection renews about once a minute whatever it sends, with no read.
/// </summary>
public static class ConnectionLease
{
    public const string StampKey = "$lease";

    public static long? StampOf(IReadOnlyDictionary<string, string> state) => ConnectionStateStamp.Of(state, StampKey);

    /// <summary>
    /// True when the lease should be renewed now: no stamp, one from the future (clocks differ a little), or one older than
    /// <see cref="PresenceLease.RenewAfter"/> plus this connection's fixed share of <see cref="PresenceLease.RenewSpread"/>.
    /// </summary>
    public static bool IsDue(long? stamp, long now, string connectionId)
    {
        var renewAfter = (long)PresenceLease.RenewAfter.TotalSeconds + Share(connectionId);
        return stamp is not { } issued || now - issued >= renewAfter || issued > now + (long)PresenceLease.RenewAfter.TotalSeconds;
    }

    /// <summary>0 to <see cref="PresenceLease.RenewSpread"/> seconds, the same for a connection on every instance (FNV-1a of its id).</summary>
    private static long Share(string connectionId)
    {
        var hash = 2166136261u;
        foreach (var c in connectionId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }
        return hash % (long)PresenceLease.RenewSpread.TotalSeconds;
    }

    /// <summary>The state as dialects see it: without the stamp.</summary>
    public static IReadOnlyDictionary<string, string> WithoutStamp(IReadOnlyDictionary<string, string> state) => ConnectionStateStamp.Without(state, StampKey);

    /// <summary>A dialect's state with the stamp put back (or left out when there is none).</summary>
    public static IReadOnlyDictionary<string, string> WithStamp(IReadOnlyDictionary<string, string> state, long? stamp) =>
        ConnectionStateStamp.With(state, StampKey, stamp);
}
