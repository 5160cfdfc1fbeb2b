using System.Net.Sockets;
using System.Text;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Webhooks;

/// <summary>
/// POSTs a signed event: Standard Webhooks headers, redirects not followed (a 3xx is a failure), the connection dialled
/// only to addresses <see cref="EndpointGuard"/> allows, at most <see cref="MaxExcerptBytes"/> of the response read, all
/// within <see cref="WebhookOptions.Timeout"/> (on the app's <see cref="TimeProvider"/>).
/// </summary>
public sealed class HttpWebhookSender(HttpClient http, WebhookOptions options, TimeProvider time) : IWebhookSender
{
    public const int MaxExcerptBytes = 4096;

    public async Task<SendOutcome> SendAsync(Uri url, IReadOnlyList<string> secrets, string eventId, string body, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.IdHeader, eventId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Header(secrets, eventId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Kfk-Webhooks/1.0");
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var excerpt = await ExcerptAsync(response.Content, linked.Token);
            var status = (int)response.StatusCode;
            return new SendOutcome(status is >= 200 and < 300, status, status is >= 200 and < 300 ? null : $"http_{status}", excerpt);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(false, null, "timeout", null);
        }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(false, null, ex.InnerException is EndpointRefusedException ? "address_refused" : "connection_failed", null);
        }
    }

    private static async Task<string> ExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxExcerptBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The handler behind the sender's client: no proxy, no redirects, no cookies, guarded dialling.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions options) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = options.Timeout,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await EndpointGuard.ResolveAsync(host, cancellationToken);
            if (EndpointGuard.Refuses(addresses, options))
            {
                throw new EndpointRefusedException(host);
            }
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
