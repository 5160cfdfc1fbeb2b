using System.Net;
using System.Text;
using System.Text.Json;
using Kfk.Functions.FunctionsHost;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;

namespace Kfk.Functions.Tests.FunctionsHost;

public sealed class FunctionTriggerTests : IAsyncLifetime
{
    // Recorded from the shape the Functions host sends for a queue trigger whose value is a .NET string:
    // the message text arrives JSON-encoded a second time.
    private const string QueueEnvelope = """
        {"Data":{"msg":"\"{\\\"report_id\\\":17}\""},
         "Metadata":{"DequeueCount":1,"Id":"5f1b2c3d","InsertionTime":"2031-05-17T03:21:09+00:00",
                     "sys":{"MethodName":"ProbeQueue","UtcNow":"2031-05-17T03:21:10Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;

    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private readonly List<FunctionInvocation> _received = [];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.ConfigureKfkHosting();
        _app = builder.Build();
        // Kestrel reports the peer address; TestServer leaves it empty. The host and the app share 127.0.0.1.
        _app.Use((context, next) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            return next(context);
        });
        _app.UseKfkHosting();
        _app.MapFunctionTrigger("ProbeQueue", (invocation, _, _) =>
        {
            _received.Add(invocation);
            return Task.FromResult(FunctionResult.Completed("handled " + invocation.QueueMessageText("msg")));
        });
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Envelope_FromTheFunctionsHost_IsHandled_AndAnsweredWithOutputsLogsReturnValue()
    {
        using var request = HostRequest(QueueEnvelope);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("Outputs").ValueKind);
        Assert.Equal("handled {\"report_id\":17}", body.RootElement.GetProperty("Logs")[0].GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("ReturnValue").ValueKind);
        var invocation = Assert.Single(_received);
        Assert.Equal(1, invocation.Metadata["DequeueCount"].GetInt32());
    }

    [Fact]
    public async Task Envelope_ThroughThePublicProxy_Is404_AndNotHandled()
    {
        using var request = HostRequest(QueueEnvelope);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "kfk.example.test");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task Envelope_WithoutInvocationId_Is404()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ProbeQueue")
        {
            Content = new StringContent(QueueEnvelope, Encoding.UTF8, "application/json"),
        };

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_received);
    }

    [Fact]
    public async Task Envelope_NotJson_Is400Problem()
    {
        using var request = HostRequest("{not json");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_envelope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_received);
    }

    [Theory]
    [InlineData("{\"Data\":{\"msg\":\"plain text\"}}", "plain text")]
    [InlineData("{\"Data\":{\"msg\":{\"report_id\":17}}}", "{\"report_id\":17}")]
    [InlineData("{\"Data\":{}}", null)]
    public void QueueMessageText_UnwrapsOnlyDoubleEncodedStrings(string envelope, string? expected)
    {
        var invocation = JsonSerializer.Deserialize(envelope, FunctionsHostJsonContext.Default.FunctionInvocation)!;

        Assert.Equal(expected, invocation.QueueMessageText("msg"));
    }

    private static HttpRequestMessage HostRequest(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/ProbeQueue")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(FunctionsHostOnly.InvocationIdHeader, Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.0");
        return request;
    }
}
