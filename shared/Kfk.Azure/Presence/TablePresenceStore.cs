using Azure;
using Azure.Data.Tables;
using Kfk.Core.Presence;

namespace Kfk.Azure.Presence;

/// <summary>
/// Table <c>Presence</c>: <c>PartitionKey</c> = <c>{hub}|{identity}</c>, <c>RowKey</c> = the connection id. Online means the
/// partition has a row; counting the remaining connections is one small partition query.
/// </summary>
public sealed class TablePresenceStore(TableServiceClient tables, TimeProvider time) : IPresenceStore
{
    public const string TableName = "Presence";
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public async Task AddConnectionAsync(string hub, string identity, string connectionId, CancellationToken cancellationToken)
    {
        await _table.UpsertEntityAsync(new TableEntity(Partition(hub, identity), connectionId) { ["Since"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);
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
        var partition = Partition(hub, identity);
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }
        return count;
    }

    private static string Partition(string hub, string identity) => $"{hub}|{identity}";
}
