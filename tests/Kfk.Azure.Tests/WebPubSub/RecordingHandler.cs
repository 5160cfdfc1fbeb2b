using System.Net;

namespace Kfk.Azure.Tests.WebPubSub;

/// <summary>Answers each request with the next scripted status and remembers what was sent.</summary>
public sealed class RecordingHandler(params HttpStatusCode[] statuses) : HttpMessageHandler
{
    private int _next;

    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, byte[] Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.Parameter, request.Content?.Headers.ContentType?.ToString(), body));
        var status = statuses[Math.Min(_next++, statuses.Length - 1)];
        return new HttpResponseMessage(status) { Content = new StringContent(status == HttpStatusCode.OK ? """{"token":"minted"}""" : "") };
    }
}
