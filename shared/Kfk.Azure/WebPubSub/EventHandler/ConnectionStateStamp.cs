using System.Globalization;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>
/// A Unix-seconds stamp that the event handler keeps under its own key in a connection's state (covered by the state's
/// MAC) and that dialects never see: <see cref="ConnectionLiveness"/> (<c>$alive</c>) and <see cref="ConnectionLease"/>
/// (<c>$lease</c>).
/// </summary>
public static class ConnectionStateStamp
{
    public static long? Of(IReadOnlyDictionary<string, string> state, string key) =>
        state.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var stamp)
            ? stamp : null;

    /// <summary>The state without the stamp.</summary>
    public static IReadOnlyDictionary<string, string> Without(IReadOnlyDictionary<string, string> state, string key) =>
        state.ContainsKey(key) ? state.Where(p => p.Key != key).ToDictionary(StringComparer.Ordinal) : state;

    /// <summary>The state with the stamp put back (or left out when there is none).</summary>
    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> state, string key, long? stamp)
    {
        var stamped = state.Where(p => p.Key != key).ToDictionary(StringComparer.Ordinal);
        if (stamp is { } value)
        {
            stamped[key] = value.ToString(CultureInfo.InvariantCulture);
        }
        return stamped;
    }
}
