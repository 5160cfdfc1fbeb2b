namespace Kfk.Functions.Realtime;

/// <summary>How much user-event work one instance takes on (<c>Kfk:Realtime</c>).</summary>
public sealed class RealtimeEventOptions
{
    public const string SectionName = "Kfk:Realtime";

    /// <summary>
    /// User events handled at once by this instance; one more is answered at once with the dialect's busy error instead of
    /// queueing behind storage (a queue only turns overload into lateness for everyone, then into loss).
    /// </summary>
    public int MaxInFlightEvents { get; set; } = 64;

    /// <summary>
    /// How long one user event may take before it is answered with the busy error (storage retries included), so the
    /// service never times out and drops the sender's socket.
    /// </summary>
    public TimeSpan EventDeadline { get; set; } = TimeSpan.FromSeconds(2);
}
