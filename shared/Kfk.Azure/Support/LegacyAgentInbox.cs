using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace Kfk.Azure.Support;

/// <summary>
/// Moves the conversation lists of the former table <c>AgentInbox</c> (<c>PartitionKey</c> = <c>kefu:{kefuId}</c>,
/// <c>RowKey</c> = <c>{shopId:D12}:{userId:D12}</c>) into <see cref="TableSupportStore.InboxTable"/>, once per instance,
/// before the first list read; rows already in the new table keep their values (the old row only fills what they lack).
/// A missing or empty old table costs one query, then nothing. A failed move is retried by the next read.
/// </summary>
public sealed partial class LegacyAgentInbox(TableServiceClient tables, ILogger logger)
{
    public const string TableName = "AgentInbox";

    private readonly TableClient _legacy = tables.GetTableClient(TableName);
    private readonly TableClient _inbox = tables.GetTableClient(TableSupportStore.InboxTable);
    private readonly Lock _gate = new();
    private Task? _move;

    public Task EnsureMovedAsync()
    {
        lock (_gate)
        {
            if (_move is null || _move.IsFaulted || _move.IsCanceled)
            {
                _move = MoveAllAsync();
            }
            return _move;
        }
    }

    private async Task MoveAllAsync()
    {
        var moved = 0;
        try
        {
            await foreach (var row in _legacy.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"kefu:"} and PartitionKey lt {"kefu;"}")))
            {
                await MoveAsync(row);
                moved++;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return;
        }
        if (moved > 0)
        {
            LogMoved(logger, moved);
        }
    }

    private async Task MoveAsync(TableEntity legacy)
    {
        var kefuId = long.Parse(legacy.PartitionKey["kefu:".Length..], CultureInfo.InvariantCulture);
        var shopId = legacy.GetInt64("ShopId") ?? long.Parse(legacy.RowKey[..12], CultureInfo.InvariantCulture);
        var userId = legacy.GetInt64("UserId") ?? long.Parse(legacy.RowKey[13..], CultureInfo.InvariantCulture);
        var partition = TableSupportStore.InboxPartition(shopId);
        var rowKey = TableSupportStore.InboxRow(kefuId, userId);
        NullableResponse<TableEntity> current = await _inbox.GetEntityIfExistsAsync<TableEntity>(partition, rowKey);
        var fill = new TableEntity(partition, rowKey);
        foreach (var (name, value) in legacy.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
        {
            if (!current.HasValue || !current.Value!.ContainsKey(name))
            {
                fill[name] = value;
            }
        }
        await _inbox.UpsertEntityAsync(fill, TableUpdateMode.Merge);
        await _legacy.DeleteEntityAsync(legacy.PartitionKey, legacy.RowKey, ETag.All);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Rows} conversation list rows from the former table AgentInbox")]
    private static partial void LogMoved(ILogger logger, int rows);
}
