using System.Collections.Concurrent;
using System.Net;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>
/// Stands in for the service's REST API where the event handler asks whether a connection still exists
/// (<c>HEAD /api/hubs/{hub}/connections/{id}</c>): every connection exists unless it was <see cref="End"/>ed; with
/// <see cref="Failing"/> set, the service answers 503.
/// </summary>
public sealed class ServiceConnections : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, bool> _ended = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> ExistenceChecks { get; } = new();

    public bool Failing { get; set; }

    public void End(string connectionId) => _ended[connectionId] = true;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (request.Method != HttpMethod.Head || segments is not ["api", "hubs", _, "connections", var encodedId])
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest));
        }
        var connectionId = Uri.UnescapeDataString(encodedId);
        ExistenceChecks.Enqueue(connectionId);
        var status = Failing ? HttpStatusCode.ServiceUnavailable : _ended.ContainsKey(connectionId) ? HttpStatusCode.NotFound : HttpStatusCode.OK;
        return Task.FromResult(new HttpResponseMessage(status));
    }
}
