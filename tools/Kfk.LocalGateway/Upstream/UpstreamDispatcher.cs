using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Kfk.LocalGateway.Configuration;
using Microsoft.Extensions.Options;

namespace Kfk.LocalGateway.Upstream;

/// <summary>What the event handler answered; <see cref="Status"/> 0 means it could not be reached.</summary>
public sealed record UpstreamResponse(int Status, string? ContentType, byte[] Body, string? ConnectionState, bool SetsConnectionState)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}

/// <summary>The event a connection raises, with the attributes the CloudEvents headers carry.</summary>
public sealed record UpstreamEvent(string Hub, string EventName, bool IsSystem, string ConnectionId, string? UserId,
    string? Subprotocol, string? ConnectionState, long EventId, string ContentType, byte[] Body);

/// <summary>
/// Calls the hub's event handler as Web PubSub does: the URL template with {hub}/{event}, an abuse-protection
/// OPTIONS (event "validate") before first use of each URL, every ce-* header and a ce-signature per access key.
/// </summary>
public sealed class UpstreamDispatcher(HttpClient http, IOptions<GatewayOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);
    private readonly ConcurrentDictionary<string, Lazy<Task<bool>>> _validated = new(StringComparer.Ordinal);

    /// <summary>Null when no event handler of the hub subscribes to this event.</summary>
    public async Task<UpstreamResponse?> SendAsync(UpstreamEvent e, CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        var handler = gateway.FindHub(e.Hub)?.HandlerFor(e.EventName, e.IsSystem);
        if (handler is null)
        {
            return null;
        }
        if (!await ValidateAsync(Resolve(handler.UrlTemplate, e.Hub, "validate"), cancellationToken))
        {
            return new UpstreamResponse(0, null, [], null, false);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, Resolve(handler.UrlTemplate, e.Hub, e.EventName))
        {
            Content = new ByteArrayContent(e.Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(e.ContentType);
        var type = e.IsSystem ? $"azure.webpubsub.sys.{e.EventName}" : $"azure.webpubsub.user.{e.EventName}";
        var headers = request.Headers;
        headers.TryAddWithoutValidation("ce-specversion", "1.0");
        headers.TryAddWithoutValidation("ce-type", type);
        headers.TryAddWithoutValidation("ce-source", $"/hubs/{e.Hub}/client/{e.ConnectionId}");
        headers.TryAddWithoutValidation("ce-id", e.EventId.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("ce-time", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("ce-awpsversion", "1.0");
        headers.TryAddWithoutValidation("ce-hub", e.Hub);
        headers.TryAddWithoutValidation("ce-eventName", e.EventName);
        headers.TryAddWithoutValidation("ce-connectionId", e.ConnectionId);
        if (!string.IsNullOrEmpty(e.UserId))
        {
            headers.TryAddWithoutValidation("ce-userId", e.UserId);
        }
        if (!string.IsNullOrEmpty(e.Subprotocol))
        {
            headers.TryAddWithoutValidation("ce-subprotocol", e.Subprotocol);
        }
        if (!string.IsNullOrEmpty(e.ConnectionState))
        {
            headers.TryAddWithoutValidation("ce-connectionState", e.ConnectionState);
        }
        headers.TryAddWithoutValidation("ce-signature", string.Join(",", gateway.AccessKeys.Select(key => Signature(key, e.ConnectionId))));
        headers.TryAddWithoutValidation("WebHook-Request-Origin", gateway.EndpointUri.Host);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            using var response = await http.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            var hasState = response.Headers.TryGetValues("ce-connectionState", out var states);
            return new UpstreamResponse((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body,
                hasState ? states!.First() : null, hasState);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new UpstreamResponse(0, null, [], null, false);
        }
    }

    public static string Signature(string key, string connectionId) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(connectionId)));

    private async Task<bool> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        var attempt = _validated.GetOrAdd(url, u => new Lazy<Task<bool>>(() => SendValidationAsync(u)));
        var valid = await attempt.Value.WaitAsync(cancellationToken);
        if (!valid)
        {
            _validated.TryRemove(url, out _); // try again on the next event
        }
        return valid;
    }

    private async Task<bool> SendValidationAsync(string url)
    {
        var origin = options.Value.EndpointUri.Host;
        using var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.TryAddWithoutValidation("WebHook-Request-Origin", origin);
        request.Headers.TryAddWithoutValidation("ce-awpsversion", "1.0");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("WebHook-Allowed-Origin", out var allowed))
            {
                return false;
            }
            return allowed.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
                .Any(v => v == "*" || string.Equals(v, origin, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private string Resolve(string template, string hub, string eventName)
    {
        var url = template.Replace("{hub}", Uri.EscapeDataString(hub), StringComparison.Ordinal)
            .Replace("{event}", Uri.EscapeDataString(eventName), StringComparison.Ordinal);
        var upstream = options.Value.Upstream;
        if (string.IsNullOrWhiteSpace(upstream))
        {
            return url;
        }
        var original = new Uri(url);
        return upstream.TrimEnd('/') + original.PathAndQuery;
    }
}
