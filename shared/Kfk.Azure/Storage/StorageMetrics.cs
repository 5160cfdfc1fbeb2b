using System.Diagnostics.Metrics;

namespace Kfk.Azure.Storage;

/// <summary>Table transactions and reads issued by the stores on the chat path, for the cost budget.</summary>
public static class StorageMetrics
{
    public static readonly Meter Meter = new("Kfk.Storage");
    private static readonly Counter<long> TransactionCounter = Meter.CreateCounter<long>("kfk.tables.transactions", description: "Table writes (an entity group transaction counts once)");
    private static readonly Counter<long> ReadCounter = Meter.CreateCounter<long>("kfk.tables.reads", description: "Table point reads and queries");
    private static long _transactions;
    private static long _reads;

    public static long Transactions => Interlocked.Read(ref _transactions);

    public static long Reads => Interlocked.Read(ref _reads);

    public static void Transaction(string store)
    {
        Interlocked.Increment(ref _transactions);
        TransactionCounter.Add(1, new KeyValuePair<string, object?>("store", store));
    }

    public static void Read(string store)
    {
        Interlocked.Increment(ref _reads);
        ReadCounter.Add(1, new KeyValuePair<string, object?>("store", store));
    }
}
