using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub;

namespace Kfk.Functions.Health;

public sealed record CountersResponse(long TableTransactions, long TableReads, long WebPubSubRestCalls, IReadOnlyDictionary<string, long> TableTransactionsByTable,
    IReadOnlyDictionary<string, long> QueueRequestsByQueue);

/// <summary>
/// <c>GET /api/v1/diagnostics/counters</c>: table transactions, table reads, Web PubSub REST calls and queue requests since start,
/// for the cost benchmark. Mapped only when <c>Kfk:Diagnostics:Enabled</c> is true (never in production; the same
/// figures are exported as metrics: meters <c>Kfk.Storage</c> and <c>Kfk.WebPubSub</c>).
/// </summary>
public static class DiagnosticsApi
{
    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder api, IConfiguration configuration)
    {
        if (configuration.GetValue("Kfk:Diagnostics:Enabled", false))
        {
            api.MapGet("/diagnostics/counters", (WebPubSubRestClient rest) =>
                TypedResults.Ok(new CountersResponse(StorageMetrics.Transactions, StorageMetrics.Reads, rest.CallCount, StorageMetrics.TransactionsByTable,
                    StorageMetrics.QueueRequestsByQueue)))
                .ExcludeFromDescription()
                .AllowAnonymous();
        }
        return api;
    }
}
