using System.Net;
using System.Text;
using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Realtime;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>The event handler called directly, the way the service calls it (recorded header sets).</summary>
public sealed class EventHandlerApiTests : IAsyncLifetime
{
    private const string Path = "/api/webpubsub/hubs/echo/message";
    private readonly EchoDialect _dialect = new();
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
            },
            services => services.AddSingleton<IHubDialect>(_dialect));
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

    private static HttpRequestMessage UserEvent(string connectionId, string text, string? signature = null, string hub = "echo") =>
        Event(connectionId, "azure.webpubsub.user.message", "message", text, "text/plain", signature, hub);

    private static HttpRequestMessage Event(string connectionId, string type, string eventName, string body, string contentType,
        string? signature = null, string hub = "echo")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/webpubsub/hubs/{hub}/{eventName}")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-type", type);
        request.Headers.Add("ce-source", $"/hubs/{hub}/client/{connectionId}");
        request.Headers.Add("ce-id", "1");
        request.Headers.Add("ce-time", "2031-05-17T03:21:09Z");
        request.Headers.Add("ce-awpsversion", "1.0");
        request.Headers.Add("ce-hub", hub);
        request.Headers.Add("ce-eventName", eventName);
        request.Headers.Add("ce-connectionId", connectionId);
        request.Headers.Add("ce-signature", signature ?? EventSignature.Header(["primary-key", "secondary-key"], connectionId));
        request.Headers.Add("WebHook-Request-Origin", "gateway.test");
        return request;
    }
}
