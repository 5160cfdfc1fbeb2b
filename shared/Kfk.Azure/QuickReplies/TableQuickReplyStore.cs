using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.QuickReplies;

namespace Kfk.Azure.QuickReplies;

/// <summary>
/// Table <c>QuickReplies</c>: <c>PartitionKey</c> = <c>shop:{shopId}</c>; <c>RowKey</c> = <c>{id:D12}</c> with the reply as JSON in
/// <c>Data</c>, plus the row <c>counter</c> holding the shop's last id (ETag-incremented).
/// </summary>
public sealed class TableQuickReplyStore(TableServiceClient tables) : IQuickReplyStore
{
    public const string TableName = "QuickReplies";
    private const int CounterAttempts = 10;
    private readonly TableClient _table = tables.GetTableClient(TableName);

    public Task<QuickReply> CreateAsync(long shopId, Func<long, QuickReply> create, CancellationToken cancellationToken) =>
        EtagRetry.RunAsync(CounterAttempts, async ct =>
        {
            // A conflict means another writer took that id: the next attempt reads the counter again.
            NullableResponse<TableEntity> counter = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId), "counter", cancellationToken: ct);
            var next = counter.HasValue ? (counter.Value!.GetInt64("Last") ?? 0) + 1 : 1;
            var reply = create(next);
            var batch = new List<TableTransactionAction>
            {
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, new TableEntity(Partition(shopId), "counter") { ["Last"] = next }, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, new TableEntity(Partition(shopId), "counter") { ["Last"] = next }),
                new(TableTransactionActionType.Add, Entity(reply)),
            };
            await _table.SubmitTransactionAsync(batch, ct);
            return reply;
        }, cancellationToken);

    public async Task<QuickReply?> FindAsync(long shopId, long id, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(shopId), Row(id), ["Data"], cancellationToken);
        return row.HasValue ? StorageJson.QuickReplies.Read(row.Value!.GetString("Data")) : null;
    }

    public Task UpdateAsync(QuickReply reply, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(Entity(reply), TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> DeleteAsync(long shopId, long id, CancellationToken cancellationToken)
    {
        var response = await _table.DeleteEntityAsync(Partition(shopId), Row(id), ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<QuickReply>> ListAsync(long shopId, CancellationToken cancellationToken)
    {
        var partition = Partition(shopId);
        var list = new List<QuickReply>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ne {"counter"}"), select: ["Data"], cancellationToken: cancellationToken))
        {
            list.Add(StorageJson.QuickReplies.Read(row.GetString("Data"))!);
        }
        return [.. list.OrderBy(r => r.Sort).ThenBy(r => r.Id)];
    }

    private static TableEntity Entity(QuickReply reply) =>
        new(Partition(reply.ShopId), Row(reply.Id)) { ["Data"] = StorageJson.QuickReplies.Write(reply) };

    private static string Partition(long shopId) => "shop:" + shopId.ToString(CultureInfo.InvariantCulture);

    private static string Row(long id) => id.ToString("D12", CultureInfo.InvariantCulture);
}
