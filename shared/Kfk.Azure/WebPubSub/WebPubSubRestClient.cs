using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Kfk.Azure.WebPubSub;

/// <summary>
/// The Web PubSub data-plane REST API (api-version 2024-12-01). Every operation expects exactly the success status
/// the API defines and throws <see cref="WebPubSubRequestException"/> otherwise. Transient failures (5xx, 429,
/// network) are retried a bounded number of times with backoff; each attempt is signed anew.
/// Sends are fire-and-forget on the service side: 202 even when nobody is connected.
/// </summary>
public sealed partial class WebPubSubRestClient(
    HttpClient http,
    Uri endpoint,
    WebPubSubAuthentication authentication,
    ILogger<WebPubSubRestClient> logger)
{
    public const string ApiVersion = "2024-12-01";
    public const int MaxRetries = 3;
    public static readonly Meter Meter = new("Kfk.WebPubSub");
    private static readonly Counter<long> RestCalls = Meter.CreateCounter<long>("kfk.webpubsub.rest_calls", description: "Data-plane REST requests sent (retries included)");

    public Uri Endpoint => endpoint;

    /// <summary>Counts calls on this instance: the benchmark's budget check reads it.</summary>
    public long CallCount => Interlocked.Read(ref _callCount);

    private long _callCount;

    /// <summary>To every connection of the hub, or those that <paramref name="filter"/> (the service's OData subset) selects.</summary>
    public Task SendToAllAsync(string hub, ReadOnlyMemory<byte> message, string contentType, IReadOnlyList<string>? excluded, CancellationToken cancellationToken,
        string? filter = null) =>
        SendAsync("SendToAll", HttpMethod.Post, [.. HubPath(hub), ":send"], Query(("excluded", excluded), ("filter", One(filter))), message, contentType,
            HttpStatusCode.Accepted, cancellationToken);

    public Task SendToUserAsync(string hub, string userId, ReadOnlyMemory<byte> message, string contentType, CancellationToken cancellationToken) =>
        SendAsync("SendToUser", HttpMethod.Post, [.. HubPath(hub), "users", userId, ":send"], [], message, contentType, HttpStatusCode.Accepted, cancellationToken);

    public Task SendToConnectionAsync(string hub, string connectionId, ReadOnlyMemory<byte> message, string contentType, CancellationToken cancellationToken) =>
        SendAsync("SendToConnection", HttpMethod.Post, [.. HubPath(hub), "connections", connectionId, ":send"], [], message, contentType, HttpStatusCode.Accepted, cancellationToken);

    public Task SendToGroupAsync(string hub, string group, ReadOnlyMemory<byte> message, string contentType, IReadOnlyList<string>? excluded, CancellationToken cancellationToken) =>
        SendAsync("SendToGroup", HttpMethod.Post, [.. HubPath(hub), "groups", group, ":send"], Query(("excluded", excluded)), message, contentType, HttpStatusCode.Accepted, cancellationToken);

    /// <summary>False when the connection does not exist (404).</summary>
    public Task<bool> AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        SendFoundAsync("AddConnectionToGroup", HttpMethod.Put, [.. HubPath(hub), "groups", group, "connections", connectionId], [], HttpStatusCode.OK, cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken) =>
        SendAsync("RemoveConnectionFromGroup", HttpMethod.Delete, [.. HubPath(hub), "groups", group, "connections", connectionId], [], null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task RemoveConnectionFromAllGroupsAsync(string hub, string connectionId, CancellationToken cancellationToken) =>
        SendAsync("RemoveConnectionFromAllGroups", HttpMethod.Delete, [.. HubPath(hub), "connections", connectionId, "groups"], [], null, null, HttpStatusCode.NoContent, cancellationToken);

    /// <summary>False when the user has no connection (404).</summary>
    public Task<bool> AddUserToGroupAsync(string hub, string group, string userId, CancellationToken cancellationToken) =>
        SendFoundAsync("AddUserToGroup", HttpMethod.Put, [.. HubPath(hub), "users", userId, "groups", group], [], HttpStatusCode.OK, cancellationToken);

    public Task RemoveUserFromGroupAsync(string hub, string group, string userId, CancellationToken cancellationToken) =>
        SendAsync("RemoveUserFromGroup", HttpMethod.Delete, [.. HubPath(hub), "users", userId, "groups", group], [], null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task RemoveUserFromAllGroupsAsync(string hub, string userId, CancellationToken cancellationToken) =>
        SendAsync("RemoveUserFromAllGroups", HttpMethod.Delete, [.. HubPath(hub), "users", userId, "groups"], [], null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task CloseConnectionAsync(string hub, string connectionId, string? reason, CancellationToken cancellationToken) =>
        SendAsync("CloseConnection", HttpMethod.Delete, [.. HubPath(hub), "connections", connectionId], Query(("reason", One(reason))), null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task CloseUserConnectionsAsync(string hub, string userId, IReadOnlyList<string>? excluded, string? reason, CancellationToken cancellationToken) =>
        SendAsync("CloseUserConnections", HttpMethod.Post, [.. HubPath(hub), "users", userId, ":closeConnections"], Query(("excluded", excluded), ("reason", One(reason))), null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task CloseGroupConnectionsAsync(string hub, string group, IReadOnlyList<string>? excluded, string? reason, CancellationToken cancellationToken) =>
        SendAsync("CloseGroupConnections", HttpMethod.Post, [.. HubPath(hub), "groups", group, ":closeConnections"], Query(("excluded", excluded), ("reason", One(reason))), null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task CloseAllConnectionsAsync(string hub, IReadOnlyList<string>? excluded, string? reason, CancellationToken cancellationToken) =>
        SendAsync("CloseAllConnections", HttpMethod.Post, [.. HubPath(hub), ":closeConnections"], Query(("excluded", excluded), ("reason", One(reason))), null, null, HttpStatusCode.NoContent, cancellationToken);

    public Task<bool> ConnectionExistsAsync(string hub, string connectionId, CancellationToken cancellationToken) =>
        SendFoundAsync("ConnectionExists", HttpMethod.Head, [.. HubPath(hub), "connections", connectionId], [], HttpStatusCode.OK, cancellationToken);

    public Task<bool> UserExistsAsync(string hub, string userId, CancellationToken cancellationToken) =>
        SendFoundAsync("UserExists", HttpMethod.Head, [.. HubPath(hub), "users", userId], [], HttpStatusCode.OK, cancellationToken);

    public Task<bool> GroupExistsAsync(string hub, string group, CancellationToken cancellationToken) =>
        SendFoundAsync("GroupExists", HttpMethod.Head, [.. HubPath(hub), "groups", group], [], HttpStatusCode.OK, cancellationToken);

    /// <summary>A client access token minted by the service (the Entra ID path; with keys Kfk signs them itself).</summary>
    public async Task<string> GenerateClientTokenAsync(string hub, string? userId, IReadOnlyList<string> roles, IReadOnlyList<string> groups, int minutesToExpire, CancellationToken cancellationToken)
    {
        var query = Query(("userId", One(userId)), ("role", roles), ("group", groups), ("minutesToExpire", [minutesToExpire.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        using var response = await SendWithRetriesAsync("GenerateClientToken", HttpMethod.Post, [.. HubPath(hub), ":generateToken"], query, null, null, cancellationToken);
        EnsureStatus("GenerateClientToken", response, HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return body.RootElement.GetProperty("token").GetString()
            ?? throw new WebPubSubRequestException("GenerateClientToken", response.StatusCode, "NoToken");
    }

    public static ReadOnlyMemory<byte> Text(string text) => Encoding.UTF8.GetBytes(text);

    private static string[] HubPath(string hub) => ["api", "hubs", hub];

    private static IReadOnlyList<string>? One(string? value) => value is null ? null : [value];

    private static List<KeyValuePair<string, string>> Query(params (string Name, IReadOnlyList<string>? Values)[] parameters) =>
        [.. parameters.Where(p => p.Values is not null).SelectMany(p => p.Values!.Select(v => KeyValuePair.Create(p.Name, v)))];

    private async Task SendAsync(string operation, HttpMethod method, string[] path, List<KeyValuePair<string, string>> query,
        ReadOnlyMemory<byte>? body, string? contentType, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(operation, method, path, query, body, contentType, cancellationToken);
        EnsureStatus(operation, response, expected);
    }

    private async Task<bool> SendFoundAsync(string operation, HttpMethod method, string[] path, List<KeyValuePair<string, string>> query,
        HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var response = await SendWithRetriesAsync(operation, method, path, query, null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
        EnsureStatus(operation, response, expected);
        return true;
    }

    private void EnsureStatus(string operation, HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var errorCode = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
            LogFailed(logger, operation, (int)response.StatusCode, errorCode ?? "none", HintFor(response.StatusCode));
            throw new WebPubSubRequestException(operation, response.StatusCode, errorCode);
        }
    }

    private async Task<HttpResponseMessage> SendWithRetriesAsync(string operation, HttpMethod method, string[] path,
        List<KeyValuePair<string, string>> query, ReadOnlyMemory<byte>? body, string? contentType, CancellationToken cancellationToken)
    {
        var uri = BuildUri(path, query);
        for (var attempt = 0; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var request = new HttpRequestMessage(method, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await authentication.GetBearerTokenAsync(uri, cancellationToken));
            if (body is { } bytes)
            {
                request.Content = new ReadOnlyMemoryContent(bytes);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "application/octet-stream");
            }
            Interlocked.Increment(ref _callCount);
            RestCalls.Add(1, new KeyValuePair<string, object?>("operation", operation));
            HttpResponseMessage? response = null;
            try
            {
                response = await http.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxRetries)
            {
                // Network failure: retried below.
            }
            if (response is not null && !IsTransient(response.StatusCode))
            {
                return response;
            }
            if (attempt >= MaxRetries)
            {
                return response!;
            }
            var delay = Backoff(attempt, response);
            LogRetry(logger, operation, response is null ? 0 : (int)response.StatusCode, attempt + 1);
            response?.Dispose();
            // Retry pacing is wall-clock time, whatever clock the business rules run on.
            await Task.Delay(delay, cancellationToken);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.TooManyRequests;

    private static TimeSpan Backoff(int attempt, HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter?.Delta is { } retryAfter)
        {
            return retryAfter < TimeSpan.FromSeconds(10) ? retryAfter : TimeSpan.FromSeconds(10);
        }
        var baseDelay = TimeSpan.FromMilliseconds(200 * (1 << attempt));
        return baseDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 100));
    }

    private Uri BuildUri(string[] path, List<KeyValuePair<string, string>> query)
    {
        var builder = new StringBuilder(endpoint.GetLeftPart(UriPartial.Authority));
        foreach (var segment in path)
        {
            builder.Append('/').Append(segment.StartsWith(':') ? segment : Uri.EscapeDataString(segment));
        }
        builder.Append("?api-version=").Append(ApiVersion);
        foreach (var (name, value) in query)
        {
            builder.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return new Uri(builder.ToString());
    }

    private static string HintFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "the access key does not match the service's, or the token's audience is wrong",
        HttpStatusCode.Forbidden => "the app's identity lacks the Web PubSub Service Owner role, or local auth is disabled while keys are used",
        HttpStatusCode.TooManyRequests => "the unit's message or connection quota is exhausted: scale the Web PubSub units",
        >= HttpStatusCode.InternalServerError => "the service failed; retried",
        _ => "the request was refused",
    };

    [LoggerMessage(1, LogLevel.Warning, "Web PubSub {Operation} answered {Status} {ErrorCode}: {Hint}")]
    private static partial void LogFailed(ILogger logger, string operation, int status, string errorCode, string hint);

    [LoggerMessage(2, LogLevel.Information, "Web PubSub {Operation} transient failure ({Status}); retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, string operation, int status, int attempt);
}
