using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Support;

/// <summary>
/// Writes the conversation-list rows that chat messages change behind the message: each message only records its row
/// here (the message's own transaction already stored the conversation's summary), and every
/// <see cref="InboxWriteBehindOptions.InboxFlushInterval"/> the pending rows of each shop go out as one entity-group
/// transaction per shop partition (up to 100 rows). Budget: a warm chat message costs ONE table transaction on its hot
/// path; the list costs at most one transaction per busy shop per interval, however many messages it coalesces. Rows of
/// the same conversation coalesce by seq, so the newest summary wins. Failed flushes keep their rows for the next one;
/// the host's stop flushes; after a crash the list is corrected from the conversations' summaries when it is read.
/// Hand-written: no library coalesces table upserts per partition.
/// </summary>
public sealed partial class InboxWriteBehind(
    TableServiceClient tables, IOptions<InboxWriteBehindOptions> options, TimeProvider time, ILogger<InboxWriteBehind> logger) : BackgroundService
{
    /// <summary>The service's limit on one entity-group transaction.</summary>
    private const int MaxRowsPerTransaction = 100;
    private const int ParallelPartitions = 8;

    private readonly TableClient _inbox = tables.GetTableClient(TableSupportStore.InboxTable);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Dictionary<(string Partition, string Row), TableEntity> _pending = [];

    /// <summary>How many rows wait for the next flush (for tests and health).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Records the row (merged with a pending one of the same conversation: the higher <c>LastSeq</c> wins each property).</summary>
    public void Enqueue(TableEntity row)
    {
        lock (_gate)
        {
            Merge(_pending, row);
        }
    }

    /// <summary>Forgets a pending row (its conversation moved to another agent's list).</summary>
    public void Cancel(string partition, string row)
    {
        lock (_gate)
        {
            _pending.Remove((partition, row));
        }
    }

    /// <summary>True when a row of the partition waits to be written.</summary>
    public bool HasPending(string partition)
    {
        lock (_gate)
        {
            return _pending.Keys.Any(k => k.Partition == partition);
        }
    }

    /// <summary>Writes the pending rows of one shop partition now (a reader of the list sees this instance's messages at once).</summary>
    public Task FlushAsync(string partition, CancellationToken cancellationToken) =>
        HasPending(partition) ? FlushWhereAsync(k => k.Partition == partition, cancellationToken) : Task.CompletedTask;

    /// <summary>Writes every pending row now.</summary>
    public Task FlushAllAsync(CancellationToken cancellationToken) => FlushWhereAsync(_ => true, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.InboxFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAllAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAllAsync(cancellationToken);
    }

    private async Task FlushWhereAsync(Func<(string Partition, string Row), bool> take, CancellationToken cancellationToken)
    {
        // One flush at a time: two flushes of the same row could otherwise land out of order and put an older summary back.
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            List<TableEntity> rows;
            lock (_gate)
            {
                rows = [.. _pending.Where(p => take(p.Key)).Select(p => p.Value)];
                foreach (var row in rows)
                {
                    _pending.Remove((row.PartitionKey, row.RowKey));
                }
            }
            var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(MaxRowsPerTransaction)).ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = ParallelPartitions, CancellationToken = cancellationToken },
                async (batch, ct) => await WriteAsync(batch, ct));
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task WriteAsync(TableEntity[] batch, CancellationToken cancellationToken)
    {
        try
        {
            await _inbox.SubmitTransactionAsync([.. batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, r))], cancellationToken);
        }
        catch (Exception ex)
        {
            // Whatever failed, the rows stay pending: the list must never lose an update.
            lock (_gate)
            {
                foreach (var row in batch)
                {
                    Merge(_pending, row);
                }
            }
            LogFlushFailed(logger, batch[0].PartitionKey, batch.Length, (ex as RequestFailedException)?.Status ?? 0, (ex as RequestFailedException)?.ErrorCode, ex);
        }
    }

    private static void Merge(Dictionary<(string Partition, string Row), TableEntity> pending, TableEntity row)
    {
        var key = (row.PartitionKey, row.RowKey);
        if (!pending.TryGetValue(key, out var current))
        {
            pending[key] = row;
            return;
        }
        var (older, newer) = (current.GetInt64("LastSeq") ?? 0) > (row.GetInt64("LastSeq") ?? 0) ? (row, current) : (current, row);
        var merged = new TableEntity(row.PartitionKey, row.RowKey);
        foreach (var (name, value) in older.Concat(newer).Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
        {
            merged[name] = value;
        }
        pending[key] = merged;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Conversation list rows of {Partition} not written ({Rows} rows, status {Status}, error {ErrorCode}); retried at the next flush")]
    private static partial void LogFlushFailed(ILogger logger, string partition, int rows, int status, string? errorCode, Exception exception);
}
