using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Presence;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class ConnectionLeaseTests
{
    private const long Issued = 1_900_000_000;

    [Fact]
    public void EachConnection_RenewsBetweenRenewAfterAndRenewAfterPlusSpread_AndConnectionsOpenedTogetherSpreadOut()
    {
        var (min, max) = ((long)PresenceLease.RenewAfter.TotalSeconds, (long)(PresenceLease.RenewAfter + PresenceLease.RenewSpread).TotalSeconds);
        var dueAfter = Enumerable.Range(0, 200).Select(i => $"conn-{i}-{Guid.NewGuid():N}")
            .Select(id => Enumerable.Range(0, (int)max + 1).First(age => ConnectionLease.IsDue(Issued, Issued + age, id)))
            .ToList();

        Assert.All(dueAfter, age => Assert.InRange(age, min, max));
        Assert.True(dueAfter.Distinct().Count() >= 30, $"only {dueAfter.Distinct().Count()} distinct renewal ages");
        Assert.True(Duration() > max + 20, "a live connection pinging every 10-20 s must renew before its lease ends");
    }

    [Fact]
    public void NoStamp_OrOneFromTheFuture_IsDueAtOnce()
    {
        Assert.True(ConnectionLease.IsDue(null, Issued, "c1"));
        Assert.True(ConnectionLease.IsDue(Issued + 3_600, Issued, "c1"));
        Assert.False(ConnectionLease.IsDue(Issued, Issued, "c1"));
    }

    private static long Duration() => (long)PresenceLease.Duration.TotalSeconds;
}
