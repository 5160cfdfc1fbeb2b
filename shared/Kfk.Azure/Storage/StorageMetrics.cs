using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Kfk.Azure.Storage;

/// <summary>
/// Storage requests by kind, for the cost budget: table transactions and reads per table (tag <c>store</c>), table service
/// blob and queue requests. Fed only by <see cref="StorageMetricsPolicy"/> on the service clients, never by the stores.
/// </summary>
public static class StorageMetrics
{
    public static readonly Meter Meter = new("Kfk.Storage");
    private static readonly Counter<long> TransactionCounter = Meter.CreateCounter<long>("kfk.tables.transactions", description: "Table entity writes (an entity group transaction counts once)");
    private static readonly Counter<long> ReadCounter = Meter.CreateCounter<long>("kfk.tables.reads", description: "Table point reads and query pages");
    private static readonly Counter<long> TableServiceCounter = Meter.CreateCounter<long>("kfk.tables.service_requests", description: "Table service requests: create, list or delete tables, properties");
    private static readonly Counter<long> BlobCounter = Meter.CreateCounter<long>("kfk.blobs.requests", description: "Blob service requests");
    private static readonly Counter<long> QueueCounter = Meter.CreateCounter<long>("kfk.queues.requests", description: "Queue service requests");
    private static long _transactions;
    private static long _reads;
    private static readonly ConcurrentDictionary<string, long> TransactionsPerTable = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, long> RequestsPerQueue = new(StringComparer.Ordinal);

    public static long Transactions => Interlocked.Read(ref _transactions);

    public static long Reads => Interlocked.Read(ref _reads);

    /// <summary>Table transactions since start by table (the cost benchmark tells the hot path from the written-behind lists).</summary>
    public static IReadOnlyDictionary<string, long> TransactionsByTable => TransactionsPerTable.ToDictionary(StringComparer.Ordinal);

    /// <summary>Queue requests since start by queue (the cost benchmark shows the hot path writes no queue message per chat message).</summary>
    public static IReadOnlyDictionary<string, long> QueueRequestsByQueue => RequestsPerQueue.ToDictionary(StringComparer.Ordinal);

    internal static void Record(StorageRequest request)
    {
        switch (request.Kind)
        {
            case StorageRequestKind.TableTransaction:
                Interlocked.Increment(ref _transactions);
                TransactionsPerTable.AddOrUpdate(request.Resource, 1, (_, n) => n + 1);
                TransactionCounter.Add(1, new KeyValuePair<string, object?>("store", request.Resource));
                break;
            case StorageRequestKind.TableRead:
                Interlocked.Increment(ref _reads);
                ReadCounter.Add(1, new KeyValuePair<string, object?>("store", request.Resource));
                break;
            case StorageRequestKind.TableService:
                TableServiceCounter.Add(1);
                break;
            case StorageRequestKind.BlobOperation:
                BlobCounter.Add(1, new KeyValuePair<string, object?>("container", request.Resource));
                break;
            case StorageRequestKind.QueueOperation:
                RequestsPerQueue.AddOrUpdate(request.Resource, 1, (_, n) => n + 1);
                QueueCounter.Add(1, new KeyValuePair<string, object?>("queue", request.Resource));
                break;
        }
    }
}
