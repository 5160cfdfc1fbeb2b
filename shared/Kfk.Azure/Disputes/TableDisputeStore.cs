using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.Disputes;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Disputes;

/// <summary>
/// Table <c>Disputes</c>:
/// <list type="bullet">
/// <item><c>report:{id:D12}</c> / "": the dispute as JSON in <c>Data</c>; its ETag is the version updates must match.</item>
/// <item><c>order:{sn}</c> / <c>open</c>: <c>ReportId</c> of the order's open dispute; inserting it claims the order (one
/// open dispute per order); removed when the dispute closes.</item>
/// <item><c>order:{sn}</c> / <c>latest</c>: <c>ReportId</c> of the order's most recent dispute (what its room shows).</item>
/// <item><c>list</c> / <c>{999999999999 - id}</c>: a copy for listing and the SLA scan (<c>Open</c>, <c>Overdue</c>,
/// <c>DueAt</c>, the shop chain), newest first: one partition query.</item>
/// <item><c>counter</c> / <c>report</c>: the last report id handed out (ETag-incremented).</item>
/// </list>
/// <item><c>report:{id:D12}</c> / <c>outbox:{type}</c>: a webhook event raised by the change stored with it (same entity
/// group transaction), until it is published; the sweep finds those a crash left behind.</item>
/// Table <c>PlatformEvents</c>: <c>pending</c> / <c>{type}:{key}</c>, the events the platform must act on, once each
/// (<c>Sent</c> once it went out as a webhook).
/// </summary>
public sealed class TableDisputeStore(TableServiceClient tables, TimeProvider time) : IDisputeStore
{
    public const string TableName = "Disputes";
    public const string EventsTable = "PlatformEvents";
    private const long IdCeiling = 999_999_999_999;
    private const int CounterAttempts = 10;
    private static readonly TimeSpan OrphanClaimAge = TimeSpan.FromMinutes(1);
    private readonly TableClient _table = tables.GetTableClient(TableName);
    private readonly TableClient _events = tables.GetTableClient(EventsTable);

    public async Task<(Dispute? Created, long? ExistingOpen)> CreateAsync(Func<long, Dispute> create, Func<Dispute, WebhookEvent>? raise, CancellationToken cancellationToken)
    {
        var dispute = create(await NextIdAsync(cancellationToken));
        var orderPartition = OrderPartition(dispute.OrderSn);
        if (await ClaimOrderAsync(orderPartition, dispute.ReportId, cancellationToken) is { } existing)
        {
            return (null, existing);
        }
        var report = new TableEntity(ReportPartition(dispute.ReportId), "") { ["Data"] = Serialize(dispute) };
        if (raise?.Invoke(dispute) is { } raised)
        {
            await _table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Add, report), OutboxAction(dispute.ReportId, raised)], cancellationToken);
        }
        else
        {
            await _table.AddEntityAsync(report, cancellationToken);
        }
        await _table.UpsertEntityAsync(new TableEntity(orderPartition, "latest") { ["ReportId"] = dispute.ReportId }, TableUpdateMode.Replace, cancellationToken);
        await WriteListRowAsync(dispute, cancellationToken);
        return (dispute, null);
    }

    public async Task<StoredDispute?> FindAsync(long reportId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> row = await _table.GetEntityIfExistsAsync<TableEntity>(ReportPartition(reportId), "", ["Data"], cancellationToken);
        return row.HasValue ? new StoredDispute(Deserialize(row.Value!.GetString("Data")), row.Value.ETag.ToString()) : null;
    }

    public async Task<StoredDispute?> FindLatestForOrderAsync(string orderSn, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> latest = await _table.GetEntityIfExistsAsync<TableEntity>(OrderPartition(orderSn), "latest", ["ReportId"], cancellationToken);
        return latest.HasValue && latest.Value!.GetInt64("ReportId") is { } id ? await FindAsync(id, cancellationToken) : null;
    }

    public async Task<bool> UpdateAsync(Dispute dispute, string version, WebhookEvent? raised, CancellationToken cancellationToken)
    {
        var report = new TableEntity(ReportPartition(dispute.ReportId), "") { ["Data"] = Serialize(dispute) };
        try
        {
            if (raised is null)
            {
                await _table.UpdateEntityAsync(report, new ETag(version), TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await _table.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateReplace, report, new ETag(version)), OutboxAction(dispute.ReportId, raised)],
                    cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
        await WriteListRowAsync(dispute, cancellationToken);
        if (!dispute.IsOpen)
        {
            await ReleaseOrderAsync(dispute, cancellationToken);
        }
        return true;
    }

    public async Task<IReadOnlyList<Dispute>> ListAsync(DisputeFilter filter, int limit, CancellationToken cancellationToken)
    {
        var clauses = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {"list"}") };
        if (filter.Open is { } open)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Open eq {open}"));
        }
        if (filter.Overdue is { } overdue)
        {
            clauses.Add(TableClient.CreateQueryFilter($"Overdue eq {overdue}"));
        }
        if (filter.OrderSn is { } sn)
        {
            clauses.Add(TableClient.CreateQueryFilter($"OrderSn eq {sn}"));
        }
        if (filter.ShopId is { } shop)
        {
            clauses.Add(TableClient.CreateQueryFilter($"(ShopId eq {shop} or ProxyShopId eq {shop} or TopProxyShopId eq {shop})"));
        }
        var found = new List<Dispute>();
        await foreach (var row in _table.QueryAsync<TableEntity>(string.Join(" and ", clauses), maxPerPage: Math.Min(limit, 1000), select: ["Data"], cancellationToken: cancellationToken))
        {
            found.Add(Deserialize(row.GetString("Data")));
            if (found.Count == limit)
            {
                break;
            }
        }
        return found;
    }

    public async Task<IReadOnlyList<long>> DueForOverdueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"list"} and Open eq {true} and Overdue eq {false} and DueAt le {now}");
        var due = new List<long>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["ReportId"], cancellationToken: cancellationToken))
        {
            due.Add(row.GetInt64("ReportId") ?? 0);
        }
        return due;
    }

    public async Task<bool> RecordEventAsync(PlatformEvent platformEvent, CancellationToken cancellationToken)
    {
        try
        {
            await _events.AddEntityAsync(new TableEntity("pending", $"{platformEvent.Type}:{platformEvent.Key}")
            {
                ["Type"] = platformEvent.Type,
                ["Key"] = platformEvent.Key,
                ["Data"] = platformEvent.Data,
                ["At"] = platformEvent.At,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<OutboxEntry>> UnpublishedEventsAsync(DateTimeOffset raisedBefore, CancellationToken cancellationToken)
    {
        // Outbox rows live next to their dispute, so this scans the table; the sweep runs every few minutes, not per request.
        var filter = TableClient.CreateQueryFilter($"RowKey ge {OutboxPrefix} and RowKey lt {OutboxEnd} and OccurredAt lt {raisedBefore}");
        var entries = new List<OutboxEntry>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            entries.Add(new OutboxEntry(row.GetInt64("ReportId") ?? 0, new WebhookEvent(
                row.GetString("Id"), row.GetString("Type"), row.GetDateTimeOffset("OccurredAt") ?? default, row.GetInt64("ShopId"), row.GetString("Data"))));
        }
        return entries;
    }

    public async Task MarkPublishedAsync(long reportId, string eventType, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(ReportPartition(reportId), OutboxPrefix + eventType, ETag.All, cancellationToken);

    public Task<IReadOnlyList<PlatformEvent>> UnsentPlatformEventsAsync(CancellationToken cancellationToken) =>
        PlatformEventsAsync(unsentOnly: true, cancellationToken);

    public async Task MarkPlatformEventSentAsync(PlatformEvent platformEvent, CancellationToken cancellationToken) =>
        await _events.UpdateEntityAsync(new TableEntity("pending", $"{platformEvent.Type}:{platformEvent.Key}") { ["Sent"] = true },
            ETag.All, TableUpdateMode.Merge, cancellationToken);

    public Task<IReadOnlyList<PlatformEvent>> PendingEventsAsync(CancellationToken cancellationToken) =>
        PlatformEventsAsync(unsentOnly: false, cancellationToken);

    private async Task<IReadOnlyList<PlatformEvent>> PlatformEventsAsync(bool unsentOnly, CancellationToken cancellationToken)
    {
        var events = new List<PlatformEvent>();
        await foreach (var row in _events.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"pending"}"), cancellationToken: cancellationToken))
        {
            if (!unsentOnly || row.GetBoolean("Sent") != true)
            {
                events.Add(new PlatformEvent(row.GetString("Type"), row.GetString("Key"), row.GetString("Data"), row.GetDateTimeOffset("At") ?? default));
            }
        }
        return events;
    }

    /// <summary>
    /// Claims the order for a new dispute; returns the open dispute's id when another holds it. A claim whose dispute
    /// is closed, or never got written (a crash between claim and insert, older than a minute), is taken over.
    /// </summary>
    private async Task<long?> ClaimOrderAsync(string orderPartition, long reportId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                await _table.AddEntityAsync(new TableEntity(orderPartition, "open") { ["ReportId"] = reportId }, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }
            NullableResponse<TableEntity> claim = await _table.GetEntityIfExistsAsync<TableEntity>(orderPartition, "open", cancellationToken: cancellationToken);
            if (!claim.HasValue)
            {
                continue;
            }
            var holder = claim.Value!.GetInt64("ReportId") ?? 0;
            var held = await FindAsync(holder, cancellationToken);
            var orphan = held is null && time.GetUtcNow() - (claim.Value.Timestamp ?? DateTimeOffset.MinValue) > OrphanClaimAge;
            if (held is { Dispute.IsOpen: true } || (held is null && !orphan))
            {
                return holder;
            }
            try
            {
                await _table.UpdateEntityAsync(new TableEntity(orderPartition, "open") { ["ReportId"] = reportId }, claim.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
            }
        }
        throw new InvalidOperationException("The order's open-dispute claim keeps changing; try again.");
    }

    private async Task ReleaseOrderAsync(Dispute dispute, CancellationToken cancellationToken)
    {
        var partition = OrderPartition(dispute.OrderSn);
        NullableResponse<TableEntity> claim = await _table.GetEntityIfExistsAsync<TableEntity>(partition, "open", ["ReportId"], cancellationToken);
        if (claim.HasValue && claim.Value!.GetInt64("ReportId") == dispute.ReportId)
        {
            try
            {
                await _table.DeleteEntityAsync(partition, "open", claim.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Already released or re-claimed by a newer dispute.
            }
        }
    }

    private Task WriteListRowAsync(Dispute dispute, CancellationToken cancellationToken)
    {
        var row = new TableEntity("list", (IdCeiling - dispute.ReportId).ToString("D12", CultureInfo.InvariantCulture))
        {
            ["ReportId"] = dispute.ReportId,
            ["OrderSn"] = dispute.OrderSn,
            ["ShopId"] = dispute.ShopId,
            ["ProxyShopId"] = dispute.ProxyShopId ?? -1,
            ["TopProxyShopId"] = dispute.TopProxyShopId ?? -1,
            ["Open"] = dispute.IsOpen,
            ["Overdue"] = dispute.Overdue,
            ["DueAt"] = dispute.DueAt,
            ["Data"] = Serialize(dispute),
        };
        return _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private Task<long> NextIdAsync(CancellationToken cancellationToken) =>
        EtagRetry.RunAsync(CounterAttempts, async ct =>
        {
            // A conflict means another writer took that id: the next attempt reads the counter again.
            NullableResponse<TableEntity> counter = await _table.GetEntityIfExistsAsync<TableEntity>("counter", "report", cancellationToken: ct);
            var next = counter.HasValue ? (counter.Value!.GetInt64("Last") ?? 0) + 1 : 1;
            var entity = new TableEntity("counter", "report") { ["Last"] = next };
            if (counter.HasValue)
            {
                await _table.UpdateEntityAsync(entity, counter.Value!.ETag, TableUpdateMode.Replace, ct);
            }
            else
            {
                await _table.AddEntityAsync(entity, ct);
            }
            return next;
        }, cancellationToken);

    private const string OutboxPrefix = "outbox:";
    private const string OutboxEnd = "outbox;";

    private static TableTransactionAction OutboxAction(long reportId, WebhookEvent raised) =>
        new(TableTransactionActionType.UpsertReplace, new TableEntity(ReportPartition(reportId), OutboxPrefix + raised.Type)
        {
            ["ReportId"] = reportId,
            ["Id"] = raised.Id,
            ["Type"] = raised.Type,
            ["OccurredAt"] = raised.OccurredAt,
            ["ShopId"] = raised.ShopId,
            ["Data"] = raised.Data,
        });

    private static string Serialize(Dispute dispute) => StorageJson.Disputes.Write(dispute);

    private static Dispute Deserialize(string data) => StorageJson.Disputes.Read(data)!;

    private static string ReportPartition(long id) => "report:" + id.ToString("D12", CultureInfo.InvariantCulture);

    private static string OrderPartition(string orderSn) => "order:" + orderSn;
}
