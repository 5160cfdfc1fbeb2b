using System.Net;
using Kfk.Azure.WebPubSub;
using Kfk.Azure.WebPubSub.EventHandler;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class ConnectionLivenessTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2031, 5, 17, 3, 21, 9, TimeSpan.Zero));

    [Fact]
    public async Task AFreshStamp_IsHonouredWithoutAskingTheService()
    {
        var handler = new RecordingHandler(HttpStatusCode.NotFound);
        var liveness = Liveness(handler);
        var stamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        _clock.Advance(ConnectionLiveness.RecheckAfter - TimeSpan.FromSeconds(1));

        var check = await liveness.CheckAsync("kfk", "c1", Stamped(stamp), CancellationToken.None);

        Assert.Equal(new LivenessCheck(IsClosed: false, stamp, Restamped: false), check);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task AStaleStamp_AsksTheServiceOnce_AndAGoneConnectionStaysRefused()
    {
        var handler = new RecordingHandler(HttpStatusCode.NotFound);
        var liveness = Liveness(handler);
        var stamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        _clock.Advance(ConnectionLiveness.RecheckAfter);

        var first = await liveness.CheckAsync("kfk", "c 1", Stamped(stamp), CancellationToken.None);
        var second = await liveness.CheckAsync("kfk", "c 1", Stamped(_clock.GetUtcNow().ToUnixTimeSeconds()), CancellationToken.None);

        Assert.True(first.IsClosed);
        Assert.True(second.IsClosed);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Head, request.Method);
        Assert.Equal("/api/hubs/kfk/connections/c%201?api-version=2024-12-01", request.Uri.PathAndQuery);
        Assert.True(liveness.IsKnownClosed("c 1"));
    }

    [Fact]
    public async Task AStateWithoutStamp_OfALiveConnection_IsRestampedNow()
    {
        var liveness = Liveness(new RecordingHandler(HttpStatusCode.OK));

        var check = await liveness.CheckAsync("kfk", "c1", new Dictionary<string, string> { ["role"] = "user" }, CancellationToken.None);

        Assert.Equal(new LivenessCheck(IsClosed: false, _clock.GetUtcNow().ToUnixTimeSeconds(), Restamped: true), check);
    }

    [Fact]
    public async Task WhenTheServiceAnswersAnUndefinedStatus_TheEventIsHonoured_WithTheOldStamp()
    {
        var liveness = Liveness(new RecordingHandler(HttpStatusCode.Forbidden));

        var check = await liveness.CheckAsync("kfk", "c1", Stamped(12), CancellationToken.None);

        Assert.Equal(new LivenessCheck(IsClosed: false, 12, Restamped: false), check);
        Assert.False(liveness.IsKnownClosed("c1"));
    }

    [Fact]
    public void ClosedConnections_AreRememberedUpToTheBound_OldestForgottenFirst()
    {
        var liveness = Liveness(new RecordingHandler(HttpStatusCode.OK));

        for (var i = 0; i < ConnectionLiveness.MaxRememberedClosed + 500; i++)
        {
            liveness.MarkClosed($"conn-{i}");
        }
        liveness.MarkClosed("conn-600"); // already remembered: no second place in the queue

        Assert.Equal(ConnectionLiveness.MaxRememberedClosed, liveness.RememberedClosedCount);
        Assert.False(liveness.IsKnownClosed("conn-499"));
        Assert.True(liveness.IsKnownClosed("conn-500"));
        Assert.True(liveness.IsKnownClosed($"conn-{ConnectionLiveness.MaxRememberedClosed + 499}"));
    }

    [Fact]
    public void TheStamp_IsKeptOutOfTheDialectsView_AndPutBackIntoTheirState()
    {
        var stamped = ConnectionLiveness.WithStamp(new Dictionary<string, string> { ["role"] = "kefu" }, 42);

        Assert.Equal(new Dictionary<string, string> { ["role"] = "kefu", [ConnectionLiveness.StampKey] = "42" }, stamped);
        Assert.Equal(new Dictionary<string, string> { ["role"] = "kefu" }, ConnectionLiveness.WithoutStamp(stamped));
        Assert.Equal(new Dictionary<string, string> { ["role"] = "kefu" }, ConnectionLiveness.WithStamp(stamped, null));
        Assert.Equal(42, ConnectionLiveness.StampOf(stamped));
    }

    private ConnectionLiveness Liveness(RecordingHandler handler) =>
        new(new WebPubSubRestClient(new HttpClient(handler), new Uri("http://localhost:5000"), new AccessKeyAuthentication("rest-key-ABC=", _clock),
            NullLogger<WebPubSubRestClient>.Instance), _clock, NullLogger<ConnectionLiveness>.Instance);

    private static Dictionary<string, string> Stamped(long stamp) =>
        new() { ["role"] = "user", [ConnectionLiveness.StampKey] = stamp.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}
