using System.Net;
using System.Text;
using Kfk.Azure.WebPubSub;
using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>The event handler called directly, the way the service calls it (recorded header sets).</summary>
public sealed class EventHandlerApiTests : IAsyncLifetime
{
    private const string Path = "/api/webpubsub/hubs/echo/message";
    private readonly EchoDialect _dialect = new();
    private readonly ServiceConnections _service = new();
    private KfkApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var azurite = await Azurite.SharedAsync();
        _app = new KfkApp(azurite.ConnectionString,
            new Dictionary<string, string?>
            {
                ["Kfk:WebPubSub:ConnectionString"] = "Endpoint=http://gateway.test:8080;AccessKey=primary-key;Version=1.0;",
                ["Kfk:WebPubSub:SecondaryAccessKey"] = "secondary-key",
                ["Kfk:Realtime:MaxInFlightEvents"] = "2",
                ["Kfk:Realtime:EventDeadline"] = "00:00:00.300",
            },
            services =>
            {
                services.AddSingleton<IHubDialect>(_dialect);
                services.AddKeyedSingleton<HttpMessageHandler>(WebPubSubServiceCollectionExtensions.HttpHandlerKey, _service);
            });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AbuseProtection_AnswersOurServiceOrigin_AndRefusesOthers()
    {
        using var ours = new HttpRequestMessage(HttpMethod.Options, "/api/webpubsub/hubs/echo/validate");
        ours.Headers.Add("WebHook-Request-Origin", "gateway.test");
        ours.Headers.Add("ce-awpsversion", "1.0");
        using var theirs = new HttpRequestMessage(HttpMethod.Options, "/api/webpubsub/hubs/echo/validate");
        theirs.Headers.Add("WebHook-Request-Origin", "evil.example");
        using var none = new HttpRequestMessage(HttpMethod.Options, "/api/webpubsub/hubs/echo/validate");

        using var accepted = await _client.SendAsync(ours);
        using var refused = await _client.SendAsync(theirs);
        using var missing = await _client.SendAsync(none);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("gateway.test", accepted.Headers.GetValues("WebHook-Allowed-Origin").Single());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(refused.Headers.Contains("WebHook-Allowed-Origin"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task UserEvent_WithWrongSignature_Is401_AndReachesNoDialect()
    {
        using var request = UserEvent("c1", "hello", signature: EventSignature.Compute("not-our-key", "c1"));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task UserEvent_SignedWithTheSecondaryKeyOnly_IsAccepted()
    {
        using var request = UserEvent("c1", "hello", signature: EventSignature.Compute("secondary-key", "c1"));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("echo:hello||1|", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.Contains("ce-connectionState"));
    }

    [Fact]
    public async Task UserEvent_SignatureOfAnotherConnection_Is401()
    {
        using var request = UserEvent("c1", "hello", signature: EventSignature.Compute("primary-key", "c2"));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task UserEvent_WithForgedConnectionState_Is401_AndReachesNoDialect()
    {
        using var request = UserEvent("c1", "hello");
        request.Headers.Add("ce-connectionState", Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"role\":\"admin\"}")));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task Event_ForAnUnknownHub_Is400()
    {
        using var request = UserEvent("c1", "hello", hub: "nohub");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Hub is not registered.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Event_WithoutCloudEventsHeaders_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent("hello") };

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task UserEvent_WithAnUnsupportedContentType_Is400()
    {
        using var request = UserEvent("c1", "<xml/>");
        request.Content!.Headers.ContentType = new("application/xml");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task UserEvent_WithNoReply_Is204()
    {
        using var response = await _client.SendAsync(UserEvent("c1", "silent"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Connect_Accepted_Answers200CamelCaseJsonWithoutNulls_AndSetsState()
    {
        using var request = Event("c9", "azure.webpubsub.sys.connect", "connect",
            """{"claims":{"sub":["x"]},"query":{"user":["user:5"],"greet":["ni hao"]},"headers":{},"subprotocols":[],"clientCertificates":[]}""", "application/json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"userId":"user:5"}""", await response.Content.ReadAsStringAsync());
        var state = response.Headers.GetValues("ce-connectionState").Single();
        var codec = new ConnectionStateCodec("test-connection-state-key-0123456789abcdef");
        Assert.Equal("ni hao", codec.Decode("c9", state)!["greeting"]);
    }

    [Fact]
    public async Task Connect_Rejected_AnswersTheStatusWithAReason()
    {
        using var request = Event("c9", "azure.webpubsub.sys.connect", "connect", """{"query":{"reject":["1"]}}""", "application/json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("bad token", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Connect_WithAStringWhereTheServiceSendsArrays_Is400()
    {
        using var request = Event("c9", "azure.webpubsub.sys.connect", "connect", """{"query":{"user":"user:5"}}""", "application/json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_dialect.Events);
    }

    [Fact]
    public async Task Disconnected_PassesTheReason_AndAnswers200()
    {
        using var response = await _client.SendAsync(Event("c7", "azure.webpubsub.sys.disconnected", "disconnected", """{"reason":"PingTimeout"}""", "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("disconnected:c7", _dialect.Events);
    }

    [Fact]
    public async Task ReplayedUserEvent_WithTheSameCeId_GetsTheSameReply_AndReachesTheDialectOnce()
    {
        var state = await ConnectAsync("c20");

        using var first = await _client.SendAsync(UserEvent("c20", "pay me", eventId: "7", state: state));
        using var replay = await _client.SendAsync(UserEvent("c20", "pay me", eventId: "7", state: state));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("echo:pay me|hi|1|", await first.Content.ReadAsStringAsync());
        Assert.Equal("echo:pay me|hi|1|", await replay.Content.ReadAsStringAsync());
        Assert.Equal(StateOf(first), StateOf(replay));
        Assert.Single(_dialect.Events, e => e == "message:c20:pay me");
    }

    [Fact]
    public async Task UserEvent_GivesTheDialectItsCeId_AndAnIdempotencyKeyPerConnectionAndCeId()
    {
        using var first = await _client.SendAsync(UserEvent("c26", "a", eventId: "7"));
        using var other = await _client.SendAsync(UserEvent("c26", "b", eventId: "8"));
        using var otherConnection = await _client.SendAsync(UserEvent("c27", "c", eventId: "7"));

        var ids = _dialect.FrameIds.ToArray();
        Assert.Equal(["7", "8", "7"], ids.Select(i => i.EventId));
        Assert.All(ids, i => Assert.Matches("^e\\.[A-Za-z0-9_-]{22}$", i.IdempotencyKey));
        Assert.Equal(3, ids.Select(i => i.IdempotencyKey).Distinct().Count());
        var again = new Kfk.Core.Realtime.UserEvent("message", RealtimeDataType.Text, Encoding.UTF8.GetBytes("replayed"), "7")
            .IdempotencyKey(new RealtimeConnection(EchoDialect.HubName, "c26", null, new Dictionary<string, string>()));
        Assert.Equal(ids[0].IdempotencyKey, again);
    }

    [Fact]
    public async Task UserEvent_WithAnotherCeId_IsHandled()
    {
        var state = await ConnectAsync("c21");

        using var first = await _client.SendAsync(UserEvent("c21", "again", eventId: "7", state: state));
        using var second = await _client.SendAsync(UserEvent("c21", "again", eventId: "8", state: StateOf(first)));

        Assert.Equal("echo:again|hi|1|", await first.Content.ReadAsStringAsync());
        Assert.Equal("echo:again|hi|2|", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, _dialect.Events.Count(e => e == "message:c21:again"));
    }

    [Fact]
    public async Task AfterDisconnected_ReplayedEventsOfThatConnection_Are410_AndReachNoDialect()
    {
        var state = await ConnectAsync("c22");
        using var original = await _client.SendAsync(UserEvent("c22", "once", eventId: "3", state: state));
        using var disconnected = await _client.SendAsync(Disconnected("c22"));

        using var replay = await _client.SendAsync(UserEvent("c22", "once", eventId: "3", state: state));
        using var replayWithAnotherId = await _client.SendAsync(UserEvent("c22", "once", eventId: "99", state: StateOf(original)));
        using var replayedConnected = await _client.SendAsync(Event("c22", "azure.webpubsub.sys.connected", "connected", "{}", "application/json", state: state));
        using var replayedConnect = await _client.SendAsync(Event("c22", "azure.webpubsub.sys.connect", "connect", "{}", "application/json", eventId: "0"));
        using var repeatedDisconnected = await _client.SendAsync(Disconnected("c22"));

        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disconnected.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.Equal("The connection has ended.", await replay.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, replayWithAnotherId.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, replayedConnected.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, replayedConnect.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeatedDisconnected.StatusCode);
        Assert.Equal(["connect:c22", "message:c22:once", "disconnected:c22"], _dialect.Events);
    }

    [Fact]
    public async Task OnAnInstanceThatMissedDisconnected_AReplayIsRefused_OnceItsStateIsOlderThanTheRecheckWindow()
    {
        var state = await ConnectAsync("c23");
        _service.End("c23"); // its disconnected went to another instance

        using var withinWindow = await _client.SendAsync(UserEvent("c23", "early", eventId: "2", state: state));
        _app.Clock.Advance(ConnectionLiveness.RecheckAfter);
        using var afterWindow = await _client.SendAsync(UserEvent("c23", "late", eventId: "3", state: state));
        using var later = await _client.SendAsync(UserEvent("c23", "later", eventId: "4", state: state));

        // The documented residual risk: within the window, an instance that missed disconnected does not ask.
        Assert.Equal(HttpStatusCode.OK, withinWindow.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, afterWindow.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, later.StatusCode);
        Assert.Equal(["c23"], _service.ExistenceChecks); // the answer is remembered
        Assert.DoesNotContain(_dialect.Events, e => e.StartsWith("message:c23:late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ALiveConnection_IsCheckedWithTheServiceOncePerWindow_NotPerFrame_AndItsDialectNeverSeesTheStamp()
    {
        var state = await ConnectAsync("c24");
        for (var i = 0; i < 3; i++)
        {
            using var fresh = await _client.SendAsync(UserEvent("c24", $"fresh {i}", eventId: $"{i + 1}", state: state));
            state = StateOf(fresh);
        }
        var checksWhileFresh = _service.ExistenceChecks.Count;
        _app.Clock.Advance(ConnectionLiveness.RecheckAfter);

        using var stale = await _client.SendAsync(UserEvent("c24", "stale", eventId: "10", state: state));
        using var restamped = await _client.SendAsync(UserEvent("c24", "restamped", eventId: "11", state: StateOf(stale)));

        Assert.Equal(0, checksWhileFresh);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal("echo:restamped|hi|5|", await restamped.Content.ReadAsStringAsync());
        Assert.Equal(["c24"], _service.ExistenceChecks);
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds(), ConnectionLiveness.StampOf(Decode("c24", StateOf(stale))));
        Assert.All(_dialect.FrameStates, s => Assert.DoesNotContain(ConnectionLiveness.StampKey, s.Keys));
    }

    [Fact]
    public async Task WhenTheServiceCannotBeAsked_AStaleEventIsHonoured_AndCheckedAgainNextTime()
    {
        var state = await ConnectAsync("c25");
        _app.Clock.Advance(ConnectionLiveness.RecheckAfter);
        _service.Failing = true;

        using var unverified = await _client.SendAsync(UserEvent("c25", "outage", eventId: "2", state: state));
        var checksDuringOutage = _service.ExistenceChecks.Count;
        _service.Failing = false;
        using var verified = await _client.SendAsync(UserEvent("c25", "recovered", eventId: "3", state: StateOf(unverified)));

        Assert.Equal(HttpStatusCode.OK, unverified.StatusCode);
        Assert.True(checksDuringOutage > 0);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(checksDuringOutage + 1, _service.ExistenceChecks.Count);
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds(), ConnectionLiveness.StampOf(Decode("c25", StateOf(verified))));
    }

    private async Task<string> ConnectAsync(string connectionId)
    {
        using var response = await _client.SendAsync(Event(connectionId, "azure.webpubsub.sys.connect", "connect", "{}", "application/json", eventId: "0"));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return StateOf(response);
    }

    private static string StateOf(HttpResponseMessage response) => response.Headers.GetValues("ce-connectionState").Single();

    private static IReadOnlyDictionary<string, string> Decode(string connectionId, string state) =>
        new ConnectionStateCodec("test-connection-state-key-0123456789abcdef").Decode(connectionId, state)!;

    [Fact]
    public async Task UserEvent_WhoseHandlingThrows_Gets200WithTheDialectsBusyError_NotA5xxThatDropsTheSocket()
    {
        var state = await ConnectAsync("c30");

        using var response = await _client.SendAsync(UserEvent("c30", "throw", eventId: "30", state: state));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("refused:server_busy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UserEvent_ThatOutlivesTheDeadline_IsAnsweredBusy_AndTheNextFrameIsHandled()
    {
        var state = await ConnectAsync("c31");

        using var slow = await _client.SendAsync(UserEvent("c31", "hang", eventId: "31", state: state));
        using var next = await _client.SendAsync(UserEvent("c31", "hello", eventId: "32", state: state));

        Assert.Equal(HttpStatusCode.OK, slow.StatusCode);
        Assert.Equal("refused:server_busy", await slow.Content.ReadAsStringAsync());
        Assert.Equal("echo:hello|hi|1|", await next.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UserEvents_BeyondTheInFlightLimit_AreAnsweredBusyAtOnce_WhileThoseAdmittedFinish()
    {
        var state = await ConnectAsync("c32");
        var admitted = new[] { _client.SendAsync(UserEvent("c32", "block", eventId: "40", state: state)),
            _client.SendAsync(UserEvent("c32", "block", eventId: "41", state: state)) };
        using (var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
        {
            while (_dialect.Blocked < 2)
            {
                await Task.Delay(10, guard.Token);
            }
        }

        using var refused = await _client.SendAsync(UserEvent("c32", "hello", eventId: "42", state: state));
        _dialect.Gate.SetResult();
        var finished = await Task.WhenAll(admitted);
        using var retried = await _client.SendAsync(UserEvent("c32", "hello", eventId: "42", state: state));

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("refused:server_busy", await refused.Content.ReadAsStringAsync());
        foreach (var response in finished)
        {
            Assert.StartsWith("echo:block|", await response.Content.ReadAsStringAsync());
            response.Dispose();
        }
        Assert.Equal("echo:hello|hi|1|", await retried.Content.ReadAsStringAsync());
        Assert.Single(_dialect.Events, e => e == "message:c32:hello"); // the refused frame never reached the dialect
    }

    [Fact]
    public async Task UserEvents_RenewTheConnectionsLease_OnceItIsOld_AndCarryTheFreshStamp()
    {
        var state = await ConnectAsync("c50");

        using var early = await _client.SendAsync(UserEvent("c50", "one", eventId: "50", state: state));
        _app.Clock.Advance(PresenceLease.RenewAfter + PresenceLease.RenewSpread);
        using var due = await _client.SendAsync(UserEvent("c50", "two", eventId: "51", state: state));
        var renewedState = StateOf(due);
        using var after = await _client.SendAsync(UserEvent("c50", "three", eventId: "52", state: renewedState));

        Assert.Equal(HttpStatusCode.OK, due.StatusCode);
        Assert.Single(_dialect.Events, e => e == "renew:c50");
        Assert.Equal(_app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            Decode("c50", renewedState)[ConnectionLease.StampKey]);
        Assert.DoesNotContain(_dialect.FrameStates, s => s.ContainsKey(ConnectionLease.StampKey)); // dialects never see it
    }

    private static HttpRequestMessage Disconnected(string connectionId) =>
        Event(connectionId, "azure.webpubsub.sys.disconnected", "disconnected", """{"reason":"Normal"}""", "application/json", eventId: "1000");

    private static HttpRequestMessage UserEvent(string connectionId, string text, string? signature = null, string hub = "echo",
        string eventId = "1", string? state = null) =>
        Event(connectionId, "azure.webpubsub.user.message", "message", text, "text/plain", signature, hub, eventId, state);

    private static HttpRequestMessage Event(string connectionId, string type, string eventName, string body, string contentType,
        string? signature = null, string hub = "echo", string eventId = "1", string? state = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webpubsub/hubs/{hub}/{eventName}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", type);
        request.Headers.Add("ce-source", $"/hubs/{hub}/client/{connectionId}");
        request.Headers.Add("ce-id", eventId);
        request.Headers.Add("ce-time", "2031-05-17T03:21:09Z");
        request.Headers.Add("ce-awpsversion", "1.0");
        request.Headers.Add("ce-hub", hub);
        request.Headers.Add("ce-eventName", eventName);
        request.Headers.Add("ce-connectionId", connectionId);
        request.Headers.Add("ce-signature", signature ?? EventSignature.Header(["primary-key", "secondary-key"], connectionId));
        if (state is not null)
        {
            request.Headers.Add("ce-connectionState", state);
        }
        request.Headers.Add("WebHook-Request-Origin", "gateway.test");
        return request;
    }
}
