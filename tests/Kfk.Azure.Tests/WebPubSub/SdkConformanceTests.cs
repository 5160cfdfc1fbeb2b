using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Kfk.Azure.WebPubSub;
using Kfk.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kfk.Azure.Tests.WebPubSub;

/// <summary>
/// Kfk's tokens and REST requests against what Microsoft's @azure/web-pubsub SDK produces for the same inputs
/// (tests/conformance/tokens.mjs), with signatures checked both ways.
/// </summary>
public sealed class SdkConformanceTests
{
    private const string Key = "conformance-token-key-0123456789ABCDEFGHIJ=";
    private static readonly Lazy<Task<JsonElement>> SdkOutputs = new(() => RunNodeAsync());

    [Fact]
    public async Task ClientToken_HasTheSdksHeaderAndClaims_AndEachSideVerifiesTheOther()
    {
        var sdk = (await SdkOutputs.Value).GetProperty("client");
        var connection = WebPubSubConnectionString.Parse($"Endpoint=http://localhost:18080;AccessKey={Key};Version=1.0;");
        var now = DateTimeOffset.UtcNow;

        var ours = ClientAccessTokens.Sign(connection, "Chat_Hub", "u1", ["webpubsub.sendToGroup.g1", "webpubsub.joinLeaveGroup"], ["g1"], now, now.AddHours(1));

        var (header, payload) = JwtReader.Read(ours, Key);
        var sdkPayload = sdk.GetProperty("payload");
        Assert.Equal(sdk.GetProperty("header").GetRawText(), header.GetRawText());
        foreach (var claim in new[] { "aud", "sub", "role", "webpubsub.group" })
        {
            Assert.Equal(sdkPayload.GetProperty(claim).GetRawText(), payload.GetProperty(claim).GetRawText());
        }
        Assert.Equal(sdkPayload.GetProperty("exp").GetInt64() - sdkPayload.GetProperty("iat").GetInt64(),
            payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64());
        JwtReader.Read(sdk.GetProperty("token").GetString()!, Key);
        Assert.True((await RunNodeAsync("verify", ours)).GetProperty("valid").GetBoolean());
        Assert.Equal(sdk.GetProperty("baseUrl").GetString(), ClientAccessTokens.ClientBaseUrl(connection.Endpoint, "Chat_Hub").AbsoluteUri);
    }

    [Fact]
    public async Task RestRequest_HasTheSdksUrl_AndAudience()
    {
        var sdk = (await SdkOutputs.Value).GetProperty("rest");
        var handler = new RecordingHandler(HttpStatusCode.Accepted);
        var client = new WebPubSubRestClient(new HttpClient(handler), new Uri("http://localhost:18080"),
            new AccessKeyAuthentication(Key, TimeProvider.System), NullLogger<WebPubSubRestClient>.Instance);

        await client.SendToUserAsync("Chat_Hub", "user/1 x", WebPubSubRestClient.Text("hi"), "text/plain", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(sdk.GetProperty("url").GetString(), request.Uri.AbsoluteUri);
        var (header, payload) = JwtReader.Read(request.Authorization!, Key);
        Assert.Equal(sdk.GetProperty("header").GetRawText(), header.GetRawText());
        Assert.Equal(sdk.GetProperty("payload").GetProperty("aud").GetString(), payload.GetProperty("aud").GetString());
        Assert.True(sdk.GetProperty("signatureValid").GetBoolean());
        Assert.True((await RunNodeAsync("verify", request.Authorization!)).GetProperty("valid").GetBoolean());
    }

    private static async Task<JsonElement> RunNodeAsync(params string[] args)
    {
        var folder = RepositoryPaths.Combine("tests", "conformance");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@azure", "web-pubsub")),
            $"The conformance packages are missing. Fix: npm ci --prefix {folder}  (./test.sh does this)");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("tokens.mjs");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"node tokens.mjs failed: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
