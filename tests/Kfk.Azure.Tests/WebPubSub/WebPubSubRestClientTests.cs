using System.Net;
using Kfk.Azure.WebPubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kfk.Azure.Tests.WebPubSub;

public sealed class WebPubSubRestClientTests
{
    private const string Key = "rest-key-ABC=";
    private static readonly Uri Endpoint = new("http://localhost:5000");
    // The real clock: retry backoff waits on it (at most a few hundred milliseconds per retry here).
    private readonly TimeProvider _time = TimeProvider.System;

    private WebPubSubRestClient Client(RecordingHandler handler) =>
        new(new HttpClient(handler), Endpoint, new AccessKeyAuthentication(Key, _time), NullLogger<WebPubSubRestClient>.Instance);

    [Fact]
    public async Task SendToUser_EncodesPathSegments_AndSignsTheFullUrlAsAudience()
    {
        var handler = new RecordingHandler(HttpStatusCode.Accepted);

        await Client(handler).SendToUserAsync("likeshop", "user/1 x", WebPubSubRestClient.Text("{\"event\":\"ping\"}"), "text/plain", CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://localhost:5000/api/hubs/likeshop/users/user%2F1%20x/:send?api-version=2024-12-01", request.Uri.AbsoluteUri);
        Assert.Equal("text/plain", request.ContentType);
        Assert.Equal("{\"event\":\"ping\"}", System.Text.Encoding.UTF8.GetString(request.Body));
        var (header, payload) = JwtReader.Read(request.Authorization!, Key);
        Assert.Equal("""{"alg":"HS256","typ":"JWT"}""", header.GetRawText());
        Assert.Equal(request.Uri.AbsoluteUri, payload.GetProperty("aud").GetString());
        Assert.True(payload.GetProperty("exp").GetInt64() > _time.GetUtcNow().ToUnixTimeSeconds() - 10);
    }

    [Fact]
    public async Task SendToGroup_RepeatsExcludedConnections()
    {
        var handler = new RecordingHandler(HttpStatusCode.Accepted);

        await Client(handler).SendToGroupAsync("kfk", "room:kfk666", WebPubSubRestClient.Text("x"), "text/plain", ["c1", "c 2"], CancellationToken.None);

        Assert.Equal("/api/hubs/kfk/groups/room%3Akfk666/:send?api-version=2024-12-01&excluded=c1&excluded=c%202", handler.Requests[0].Uri.PathAndQuery);
    }

    [Fact]
    public async Task Send_WithAnyOtherSuccessStatus_Throws()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK);

        var error = await Assert.ThrowsAsync<WebPubSubRequestException>(() =>
            Client(handler).SendToConnectionAsync("kfk", "c1", WebPubSubRestClient.Text("x"), "text/plain", CancellationToken.None));

        Assert.Equal(HttpStatusCode.OK, error.Status);
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithFreshTokens_ThenSucceed()
    {
        var handler = new RecordingHandler(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests, HttpStatusCode.NoContent);

        await Client(handler).CloseConnectionAsync("kfk", "c1", "bye", CancellationToken.None);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal("/api/hubs/kfk/connections/c1?api-version=2024-12-01&reason=bye", handler.Requests[2].Uri.PathAndQuery);
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Delete, r.Method));
    }

    [Fact]
    public async Task Retries_AreBounded()
    {
        var handler = new RecordingHandler(HttpStatusCode.InternalServerError);

        var error = await Assert.ThrowsAsync<WebPubSubRequestException>(() =>
            Client(handler).RemoveUserFromAllGroupsAsync("kfk", "u1", CancellationToken.None));

        Assert.Equal(WebPubSubRestClient.MaxRetries + 1, handler.Requests.Count);
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
    }

    [Fact]
    public async Task ClientErrors_AreNotRetried()
    {
        var handler = new RecordingHandler(HttpStatusCode.Unauthorized);

        await Assert.ThrowsAsync<WebPubSubRequestException>(() => Client(handler).CloseAllConnectionsAsync("kfk", null, null, CancellationToken.None));

        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    public async Task ExistenceChecks_MapHeadStatusToBool(HttpStatusCode status, bool expected)
    {
        var handler = new RecordingHandler(status);
        var client = Client(handler);

        Assert.Equal(expected, await client.UserExistsAsync("kfk", "u1", CancellationToken.None));
        Assert.Equal(expected, await client.GroupExistsAsync("kfk", "g1", CancellationToken.None));
        Assert.Equal(expected, await client.ConnectionExistsAsync("kfk", "c1", CancellationToken.None));
        Assert.All(handler.Requests, r => Assert.Equal(HttpMethod.Head, r.Method));
    }

    [Fact]
    public async Task GroupMembershipOperations_UseTheirMethodsPathsAndStatuses()
    {
        var handler = new RecordingHandler(HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.NoContent);
        var client = Client(handler);

        Assert.True(await client.AddConnectionToGroupAsync("kfk", "g", "c1", CancellationToken.None));
        await client.RemoveConnectionFromGroupAsync("kfk", "g", "c1", CancellationToken.None);
        await client.RemoveConnectionFromAllGroupsAsync("kfk", "c1", CancellationToken.None);
        Assert.True(await client.AddUserToGroupAsync("kfk", "g", "u1", CancellationToken.None));
        await client.RemoveUserFromGroupAsync("kfk", "g", "u1", CancellationToken.None);
        await client.CloseUserConnectionsAsync("kfk", "u1", ["c9"], "disabled", CancellationToken.None);

        Assert.Equal(
            [
                "PUT /api/hubs/kfk/groups/g/connections/c1",
                "DELETE /api/hubs/kfk/groups/g/connections/c1",
                "DELETE /api/hubs/kfk/connections/c1/groups",
                "PUT /api/hubs/kfk/users/u1/groups/g",
                "DELETE /api/hubs/kfk/users/u1/groups/g",
                "POST /api/hubs/kfk/users/u1/:closeConnections",
            ],
            handler.Requests.Select(r => $"{r.Method} {r.Uri.AbsolutePath}"));
    }

    [Fact]
    public async Task Cancellation_IsHonoured()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Client(new RecordingHandler(HttpStatusCode.Accepted)).SendToAllAsync("kfk", WebPubSubRestClient.Text("x"), "text/plain", null, cancelled.Token));
    }
}
