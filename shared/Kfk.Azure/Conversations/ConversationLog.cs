using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Kfk.Azure.Conversations;

/// <summary>What one append writes: the record's JSON and the summary fields merged into the <c>meta</c> row.</summary>
public sealed record LogEntry(string Data, IReadOnlyDictionary<string, object> Summary);

public sealed record LogAppend(long Seq, string Data, bool Duplicate);

/// <summary>
/// The message store every conversation shares (support conversations, dispute rooms): one table partition per
/// conversation holding
/// <list type="bullet">
/// <item><c>meta</c>: <c>LastSeq</c> plus the caller's summary fields. Merged (fields an append leaves out keep their
/// values) with its ETag in the same entity group
/// transaction that inserts the record, so seq stays gapless and a concurrent writer retries instead of overwriting. The
/// ETag and seq are cached per instance: a warm append is one transaction and no read.</item>
/// <item><c>m:{999999999999 - seq}</c>: the record as JSON, inverted so a scan reads newest first and a page is one
/// range query whatever the length.</item>
/// <item><c>c:{client id}</c>: the seq of a client-identified record; its insert fails on a resend.</item>
/// </list>
/// </summary>
public sealed class ConversationLog(TableClient table)
{
    private const long SeqCeiling = 999_999_999_999;
    private const int MaxCachedConversations = 100_000;
    private const int MaxAttempts = 8;
    private readonly ConcurrentDictionary<string, (ETag ETag, long LastSeq)> _meta = new(StringComparer.Ordinal);

    /// <summary>
    /// Appends the record <paramref name="build"/> makes for the next seq. A record whose <paramref name="clientId"/> was
    /// stored before comes back with <c>Duplicate</c> set, and nothing is stored. Client ids must be row-key safe.
    /// </summary>
    public async Task<LogAppend> AppendAsync(string partition, Func<long, LogEntry> build, string? clientId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (etag, lastSeq) = _meta.TryGetValue(partition, out var cached) ? cached : await ReadMetaAsync(partition, cancellationToken);
            var seq = lastSeq + 1;
            var entry = build(seq);
            var meta = new TableEntity(partition, "meta") { ["LastSeq"] = seq };
            foreach (var (key, value) in entry.Summary)
            {
                meta[key] = value;
            }
            var actions = new List<TableTransactionAction>
            {
                etag == default ? new(TableTransactionActionType.Add, meta) : new(TableTransactionActionType.UpdateMerge, meta, etag),
                new(TableTransactionActionType.Add, new TableEntity(partition, MessageRow(seq)) { ["Data"] = entry.Data }),
            };
            if (clientId is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, ClientRow(clientId)) { ["Seq"] = seq }));
            }
            try
            {
                var response = await table.SubmitTransactionAsync(actions, cancellationToken);
                Remember(partition, response.Value[0].Headers.ETag ?? default, seq);
                return new LogAppend(seq, entry.Data, Duplicate: false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                _meta.TryRemove(partition, out _);
                if (ex.FailedTransactionActionIndex == 2 && clientId is not null
                    && await FindByClientIdAsync(partition, clientId, cancellationToken) is { } original)
                {
                    return original with { Duplicate = true };
                }
            }
        }
    }

    /// <summary>
    /// The last seq, read from storage (another instance may have appended since this one cached it); 0 for a
    /// conversation with no record.
    /// </summary>
    public async Task<long> LastSeqAsync(string partition, CancellationToken cancellationToken)
    {
        var (etag, lastSeq) = await ReadMetaAsync(partition, cancellationToken);
        if (etag != default)
        {
            Remember(partition, etag, lastSeq);
        }
        return lastSeq;
    }

    public async Task<bool> ExistsAsync(string partition, CancellationToken cancellationToken) =>
        _meta.ContainsKey(partition) || await LastSeqAsync(partition, cancellationToken) > 0;

    /// <summary>The summary fields of the <c>meta</c> row (null when the conversation has none).</summary>
    public async Task<TableEntity?> ReadSummaryAsync(string partition, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> meta = await table.GetEntityIfExistsAsync<TableEntity>(partition, "meta", fields, cancellationToken);
        return meta.HasValue ? meta.Value : null;
    }

    /// <summary>The records with <paramref name="fromSeq"/> ≤ seq ≤ <paramref name="toSeq"/> as JSON, oldest first (one range query).</summary>
    public async Task<IReadOnlyList<string>> ReadRangeAsync(string partition, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        if (toSeq < fromSeq || toSeq < 1)
        {
            return [];
        }
        string newest = MessageRow(toSeq), oldest = MessageRow(Math.Max(fromSeq, 1));
        var records = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {newest} and RowKey le {oldest}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["Data"], cancellationToken: cancellationToken))
        {
            records.Add(row.GetString("Data"));
        }
        records.Reverse();
        return records;
    }

    private async Task<LogAppend?> FindByClientIdAsync(string partition, string clientId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> index = await table.GetEntityIfExistsAsync<TableEntity>(partition, ClientRow(clientId), ["Seq"], cancellationToken);
        if (!index.HasValue || index.Value!.GetInt64("Seq") is not { } seq)
        {
            return null;
        }
        NullableResponse<TableEntity> row = await table.GetEntityIfExistsAsync<TableEntity>(partition, MessageRow(seq), ["Data"], cancellationToken);
        return row.HasValue ? new LogAppend(seq, row.Value!.GetString("Data"), Duplicate: true) : null;
    }

    private async Task<(ETag, long)> ReadMetaAsync(string partition, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> meta = await table.GetEntityIfExistsAsync<TableEntity>(partition, "meta", ["LastSeq"], cancellationToken);
        return meta.HasValue ? (meta.Value!.ETag, meta.Value.GetInt64("LastSeq") ?? 0) : (default, 0);
    }

    private void Remember(string partition, ETag etag, long lastSeq)
    {
        if (_meta.Count >= MaxCachedConversations)
        {
            _meta.Clear();
        }
        _meta[partition] = (etag, lastSeq);
    }

    private static string MessageRow(long seq) => "m:" + (SeqCeiling - seq).ToString("D12", CultureInfo.InvariantCulture);

    private static string ClientRow(string clientId) => "c:" + clientId;
}
