using Azure;
using Azure.Data.Tables;
using Kfk.Core.Presence;

namespace Kfk.Azure.Presence;

/// <summary>
/// Table <c>Presence</c>: <c>PartitionKey</c> = <c>{hub}|{identity}</c>, <c>RowKey</c> = the connection id, <c>Until</c> = the
/// end of the connection's lease (<see cref="PresenceLease"/>). Online means the partition has a row whose lease has not
/// ended; counting the live connections is one small partition query, which also deletes the rows whose lease ended
/// (the connections whose <c>disconnected</c> never arrived). Rows written before leases existed count for
/// <see cref="PresenceLease.Duration"/> after their last write.
/// </summary>
public sealed class TablePresenceStore(TableServiceClient tables, TimeProvider time) : IPresenceStore
{
    public const string TableName = "Presence";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await _table.UpsertEntityAsync(new TableEntity(Partition(hub, identity), connectionId) { ["Since"] = now, ["Until"] = now + PresenceLease.Duration },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<int> RemoveConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        await _table.DeleteEntityAsync(Partition(hub, identity), connectionId, ETag.All, cancellationToken);
        return await CountAsync(hub, identity, cancellationToken);
    }

    public async Task<bool> IsOnlineAsync(string hub, string identity, CancellationToken cancellationToken) =>
        await CountAsync(hub, identity, cancellationToken) > 0;

    public async Task<IReadOnlySet<string>> OnlineAmongAsync(string hub, IReadOnlyCollection<string> identities, CancellationToken cancellationToken)
    {
        var online = new System.Collections.Concurrent.ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(identities, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (identity, ct) =>
        {
            if (await IsOnlineAsync(hub, identity, ct))
            {
                online[identity] = true;
            }
        });
        return online.Keys.ToHashSet(StringComparer.Ordinal);
    }

    private async Task<int> CountAsync(string hub, string identity, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var live = 0;
        var ended = new List<TableEntity>();
        var partition = Partition(hub, identity);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "Until", "Timestamp"], cancellationToken: cancellationToken))
        {
            var until = row.GetDateTimeOffset("Until") ?? row.Timestamp + PresenceLease.Duration;
            if (until > now)
            {
                live++;
            }
            else
            {
                ended.Add(row);
            }
        }
        foreach (var row in ended)
        {
            // Conditional: a renewal that raced this query keeps its row.
            await DeleteQuietlyAsync(partition, row, cancellationToken);
        }
        return live;
    }

    private async Task DeleteQuietlyAsync(string partition, TableEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(partition, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

    private static string Partition(string hub, string identity) => $"{hub}|{identity}";
}
