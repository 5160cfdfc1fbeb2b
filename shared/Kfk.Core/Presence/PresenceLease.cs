namespace Kfk.Core.Presence;

/// <summary>
/// A connection's presence is a lease, not a fact that lasts until <c>disconnected</c>: that event may never arrive (the
/// app was down or failed while handling it), and a row that nothing removes would show a person online for ever and
/// route buyers to them. The lease lasts <see cref="Duration"/>; a connection's own traffic renews it once it is older
/// than <see cref="RenewAfter"/> plus the connection's own share of <see cref="RenewSpread"/> (so that connections opened
/// together, e.g. after a deployment, do not all renew in the same second). The real clients send <c>ping</c> after
/// 10 s of silence, so a live connection renews every one to two minutes (one write, never a read or a write per
/// message), and a dead one is offline within <see cref="Duration"/> (more than the longest renewal gap plus a ping).
/// </summary>
public static class PresenceLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(150);

    public static readonly TimeSpan RenewAfter = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan RenewSpread = TimeSpan.FromSeconds(60);
}
