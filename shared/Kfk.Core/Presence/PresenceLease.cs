namespace Kfk.Core.Presence;

/// <summary>
/// A connection's presence is a lease, not a fact that lasts until <c>disconnected</c>: that event may never arrive (the
/// app was down or failed while handling it), and a row that nothing removes would show a person online for ever and
/// route buyers to them. The lease lasts <see cref="Duration"/>; a connection's own traffic renews it once it is older
/// than <see cref="RenewAfter"/>. The real clients send <c>ping</c> after 10 s of silence, so a live connection renews
/// about once a minute (one write, never a read or a write per message), and a dead one is offline within
/// <see cref="Duration"/>.
/// </summary>
public static class PresenceLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(150);

    public static readonly TimeSpan RenewAfter = TimeSpan.FromSeconds(60);
}
