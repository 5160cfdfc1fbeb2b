using System.Globalization;
using Azure;
using Kfk.Azure.Conversations;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.Support;
using Microsoft.Extensions.Logging;

namespace Kfk.Azure.Support;

/// <summary>
/// Table <c>Conversations</c> (the shared <see cref="ConversationLog"/>), one partition per support conversation,
/// <c>PartitionKey</c> = <c>s:{shopId}:{userId}</c>: the log's <c>meta</c> row also holds the serving agent
/// (<c>Assignee</c>) and the last message summary; <c>m:…</c> and <c>c:…</c> are the log's records and client ids;
/// <c>r:user</c>, <c>r:kefu</c> hold each side's read watermark (read = up to that seq).
/// Table <c>ShopInbox</c>, <c>PartitionKey</c> = <c>shop:{shopId}</c>, <c>RowKey</c> = <c>{kefuId:D12}:{userId:D12}</c>: the
/// agents' conversation lists (one agent's list is one row range of its shop's partition): last message summary, the
/// user's nickname/avatar/client as last seen, and the agent's read position (<c>KefuReadSeq</c>).
/// Budget of a warm chat message: ONE transaction (the log's, which also updates the summary) and no read; its list row is
/// written behind by <see cref="InboxWriteBehind"/>, all of a shop's pending rows in one transaction per interval, and
/// this instance's pending rows are written before any list read. A list read checks its most recent rows against their
/// conversations' summaries, which repairs a row whose write a crash lost.
/// The lists were kept in <c>AgentInbox</c> (<c>kefu:{kefuId}</c> partitions) before; <see cref="LegacyAgentInbox"/> moves them.
/// </summary>
public sealed partial class TableSupportStore(TableServiceClient tables, InboxWriteBehind writeBehind, ILogger<TableSupportStore> logger) : ISupportStore
{
    public const string ConversationsTable = "Conversations";
    public const string InboxTable = "ShopInbox";

    /// <summary>How many of a list's most recent rows a list read checks against their conversations (one point read each).</summary>
    public const int ReconciledRows = 50;

    private readonly TableClient _conversations = tables.GetTableClient(ConversationsTable);
    private readonly TableClient _inbox = tables.GetTableClient(InboxTable);
    private readonly ConversationLog _log = new(tables.GetTableClient(ConversationsTable));
    private readonly LegacyAgentInbox _legacy = new(tables, logger);

    public async Task<AppendResult> AppendAsync(SupportMessage draft, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var appended = await _log.AppendAsync(Partition(draft.ShopId, draft.UserId), seq =>
        {
            var message = draft with { Seq = seq };
            // A notice (a transfer) changes the serving agent but not the last chat message the lists show.
            var summary = new Dictionary<string, object> { ["Assignee"] = draft.KefuId };
            if (message.RecordType == SupportRecordType.Message)
            {
                summary["LastMsg"] = Summary(message);
                summary["LastMsgType"] = message.MsgType;
                summary["LastAt"] = message.CreatedAt;
                summary["LastFrom"] = message.FromType;
                summary["LastMessageSeq"] = seq;
            }
            return new LogEntry(StorageJson.SupportMessages.Write(message), summary);
        }, draft.ClientMsgId ?? idempotencyKey, cancellationToken);
        var stored = StorageJson.SupportMessages.Read(appended.Data)!;
        if (stored.RecordType == SupportRecordType.Message
            && (!appended.Duplicate || (await SummaryAsync(draft.ShopId, draft.UserId, cancellationToken))?.LastMessageSeq == stored.Seq))
        {
            // A resend finishes what a failed first attempt may have left undone: the list row, written again (one read
            // first) while the message is still the conversation's last, so that it never goes back to an older one.
            writeBehind.Enqueue(InboxRowOf(stored));
        }
        return new AppendResult(stored, appended.Duplicate);
    }

    public async Task TouchRelationAsync(long shopId, long userId, long kefuId, DateTimeOffset at, InboxUser user, CancellationToken cancellationToken)
    {
        var row = new TableEntity(InboxPartition(shopId), InboxRow(kefuId, userId)) { ["ShopId"] = shopId, ["UserId"] = userId, ["TouchedAt"] = at };
        WriteUser(row, user);
        await _inbox.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<IReadOnlyList<InboxEntry>> InboxAsync(long shopId, long kefuId, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in _inbox.QueryAsync<TableEntity>(await AgentRangeAsync(shopId, kefuId, cancellationToken), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        var recent = rows.OrderByDescending(r => ToInboxEntry(r).LastAt).Take(ReconciledRows).ToList();
        await Parallel.ForEachAsync(recent, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (row, ct) => await ReconcileAsync(row, kefuId, ct));
        return [.. rows.Select(ToInboxEntry).OrderByDescending(e => e.LastAt)];
    }

    public async Task<InboxEntry?> InboxEntryAsync(long kefuId, long shopId, long userId, CancellationToken cancellationToken)
    {
        await BeforeListReadAsync(shopId, cancellationToken);
        NullableResponse<TableEntity> row = await _inbox.GetEntityIfExistsAsync<TableEntity>(InboxPartition(shopId), InboxRow(kefuId, userId),
            cancellationToken: cancellationToken);
        return row.HasValue ? ToInboxEntry(row.Value!) : null;
    }

    public async Task<bool> IsCustomerAsync(long shopId, long userId, long kefuId, CancellationToken cancellationToken) =>
        await HasConversationAsync(shopId, userId, cancellationToken) || await InboxEntryAsync(kefuId, shopId, userId, cancellationToken) is not null;

    public async Task<InboxEntry> HandOverAsync(long shopId, long userId, long fromKefuId, long toKefuId, InboxUser user, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await MoveLegacyRowsAsync(shopId);
        var summaryTask = SummaryAsync(shopId, userId, cancellationToken);
        var readTask = ReadWatermarksAsync(shopId, userId, cancellationToken);
        var (summary, read) = (await summaryTask, await readTask);
        var partition = InboxPartition(shopId);
        var row = new TableEntity(partition, InboxRow(toKefuId, userId)) { ["ShopId"] = shopId, ["UserId"] = userId, ["TouchedAt"] = at };
        WriteUser(row, user);
        if (summary is { LastAt: { } lastAt })
        {
            row["LastSeq"] = summary.LastMessageSeq ?? summary.LastSeq;
            row["LastMsg"] = summary.LastMsg;
            row["LastMsgType"] = summary.LastMsgType;
            row["LastAt"] = lastAt;
            row["UnreadByKefu"] = summary.LastFrom == Party.User;
            row["KefuReadSeq"] = read.KefuReadSeq;
        }
        // The old agent's pending row would bring the conversation back to its list.
        writeBehind.Cancel(partition, InboxRow(fromKefuId, userId));
        try
        {
            // Both rows are in the shop's partition: the move is one transaction.
            await _inbox.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.UpsertMerge, row),
                 new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, InboxRow(fromKefuId, userId)), ETag.All)],
                cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            await _inbox.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
        }
        return await InboxEntryAsync(toKefuId, shopId, userId, cancellationToken) ?? ToInboxEntry(row);
    }

    public async Task<ConversationSummary?> SummaryAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        var meta = await _log.ReadSummaryAsync(Partition(shopId, userId), ["LastSeq", "Assignee", "LastMsg", "LastMsgType", "LastAt", "LastFrom", "LastMessageSeq"],
            cancellationToken);
        return meta is null
            ? null
            : new ConversationSummary(meta.GetInt64("LastSeq") ?? 0, meta.GetInt64("Assignee"), meta.GetString("LastMsg") ?? "",
                meta.GetInt32("LastMsgType") ?? SupportMessageType.Text, meta.GetDateTimeOffset("LastAt"), meta.GetString("LastFrom"),
                meta.GetInt64("LastMessageSeq"));
    }

    private static InboxEntry ToInboxEntry(TableEntity row)
    {
        var lastSeq = row.GetInt64("LastSeq") ?? 0;
        var lastAt = row.GetDateTimeOffset("LastAt");
        var touchedAt = row.GetDateTimeOffset("TouchedAt");
        var updated = lastAt > touchedAt || touchedAt is null ? lastAt : touchedAt;
        var unread = row.GetBoolean("UnreadByKefu") == true && (row.GetInt64("KefuReadSeq") ?? 0) < lastSeq;
        var user = row.GetString("UserNickname") is { } nickname
            ? new InboxUser(nickname, row.GetString("UserAvatar"), row.GetInt32("UserClient"))
            : null;
        return new InboxEntry(row.GetInt64("ShopId") ?? 0, row.GetInt64("UserId") ?? 0, lastSeq, row.GetString("LastMsg") ?? "",
            row.GetInt32("LastMsgType") ?? SupportMessageType.Text, updated ?? row.Timestamp ?? DateTimeOffset.MinValue, !unread, user);
    }

    public Task MarkInboxReadAsync(long kefuId, long shopId, long userId, long upToSeq, CancellationToken cancellationToken)
    {
        writeBehind.Enqueue(new TableEntity(InboxPartition(shopId), InboxRow(kefuId, userId)) { ["ShopId"] = shopId, ["UserId"] = userId, ["KefuReadSeq"] = upToSeq });
        return Task.CompletedTask;
    }

    private static void WriteUser(TableEntity row, InboxUser user)
    {
        row["UserNickname"] = user.Nickname;
        row["UserAvatar"] = user.Avatar ?? "";
        if (user.Client is { } client)
        {
            row["UserClient"] = client;
        }
    }

    public async Task MarkReadAsync(long shopId, long userId, string reader, long upToSeq, CancellationToken cancellationToken)
    {
        var partition = Partition(shopId, userId);
        var row = ReadRow(reader);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            NullableResponse<TableEntity> current = await _conversations.GetEntityIfExistsAsync<TableEntity>(partition, row, ["Seq"], cancellationToken);
            if (current.HasValue && (current.Value!.GetInt64("Seq") ?? 0) >= upToSeq)
            {
                return;
            }
            try
            {
                var entity = new TableEntity(partition, row) { ["Seq"] = upToSeq };
                if (current.HasValue)
                {
                    await _conversations.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _conversations.AddEntityAsync(entity, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // A concurrent read event moved it: compare again.
            }
        }
    }

    public async Task<ReadWatermarks> ReadWatermarksAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        var partition = Partition(shopId, userId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"r:"} and RowKey lt {"r;"}");
        long user = 0, kefu = 0;
        await foreach (var row in _conversations.QueryAsync<TableEntity>(filter, select: ["RowKey", "Seq"], cancellationToken: cancellationToken))
        {
            if (row.RowKey == ReadRow(Party.User))
            {
                user = row.GetInt64("Seq") ?? 0;
            }
            else if (row.RowKey == ReadRow(Party.Kefu))
            {
                kefu = row.GetInt64("Seq") ?? 0;
            }
        }
        return new ReadWatermarks(user, kefu);
    }

    public async Task<long?> AssigneeAsync(long shopId, long userId, CancellationToken cancellationToken) =>
        (await _log.ReadSummaryAsync(Partition(shopId, userId), ["Assignee"], cancellationToken))?.GetInt64("Assignee");

    public async Task<int> CountActiveConversationsAsync(long shopId, long kefuId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var filter = await AgentRangeAsync(shopId, kefuId, cancellationToken) + " and " + TableClient.CreateQueryFilter($"LastAt ge {since}");
        var count = 0;
        await foreach (var _ in _inbox.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }
        return count;
    }

    public Task<bool> HasConversationAsync(long shopId, long userId, CancellationToken cancellationToken) =>
        _log.ExistsAsync(Partition(shopId, userId), cancellationToken);

    public Task<long> LastSeqAsync(long shopId, long userId, CancellationToken cancellationToken) =>
        _log.LastSeqAsync(Partition(shopId, userId), cancellationToken);

    public async Task<IReadOnlyList<SupportMessage>> ReadRangeAsync(long shopId, long userId, long fromSeq, long toSeq, CancellationToken cancellationToken) =>
        [.. (await _log.ReadRangeAsync(Partition(shopId, userId), fromSeq, toSeq, cancellationToken)).Select(data => StorageJson.SupportMessages.Read(data)!)];

    /// <summary>The filter of one agent's rows in its shop's list partition, after this instance's pending rows are written.</summary>
    private async Task<string> AgentRangeAsync(long shopId, long kefuId, CancellationToken cancellationToken)
    {
        await BeforeListReadAsync(shopId, cancellationToken);
        var agent = kefuId.ToString("D12", CultureInfo.InvariantCulture);
        return TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition(shopId)} and RowKey ge {agent + ":"} and RowKey lt {agent + ";"}");
    }

    /// <summary>Before a shop's lists are read: the former table's rows are moved, and this instance's pending rows written.</summary>
    private async Task BeforeListReadAsync(long shopId, CancellationToken cancellationToken)
    {
        await MoveLegacyRowsAsync(shopId);
        await writeBehind.FlushAsync(InboxPartition(shopId), cancellationToken);
    }

    private async Task MoveLegacyRowsAsync(long shopId)
    {
        try
        {
            await _legacy.EnsureMovedAsync();
        }
        catch (Exception ex) when (ex is RequestFailedException or TableTransactionFailedException)
        {
            LogLegacyMoveFailed(logger, shopId, ex);
        }
    }

    /// <summary>
    /// A row behind its conversation's summary (its write-behind was lost with an instance, or two instances wrote it in the
    /// wrong order) takes the summary's last message; the corrected row is written with the next flush.
    /// </summary>
    private async Task ReconcileAsync(TableEntity row, long kefuId, CancellationToken cancellationToken)
    {
        var shopId = row.GetInt64("ShopId") ?? 0;
        var userId = row.GetInt64("UserId") ?? 0;
        if (await SummaryAsync(shopId, userId, cancellationToken) is not { LastAt: { } lastAt, LastMessageSeq: { } lastSeq } summary
            || lastSeq <= (row.GetInt64("LastSeq") ?? 0) || summary.Assignee != kefuId)
        {
            return;
        }
        var corrected = new TableEntity(row.PartitionKey, row.RowKey)
        {
            ["ShopId"] = shopId,
            ["UserId"] = userId,
            ["LastSeq"] = lastSeq,
            ["LastMsg"] = summary.LastMsg,
            ["LastMsgType"] = summary.LastMsgType,
            ["LastAt"] = lastAt,
            ["UnreadByKefu"] = summary.LastFrom == Party.User,
        };
        foreach (var (name, value) in corrected.Where(p => p.Key is not ("PartitionKey" or "RowKey")))
        {
            row[name] = value;
        }
        writeBehind.Enqueue(corrected);
    }

    private static TableEntity InboxRowOf(SupportMessage message)
    {
        var kefuId = message.FromType == Party.Kefu ? message.FromId : message.ToId;
        var row = new TableEntity(InboxPartition(message.ShopId), InboxRow(kefuId, message.UserId))
        {
            ["ShopId"] = message.ShopId,
            ["UserId"] = message.UserId,
            ["LastSeq"] = message.Seq,
            ["LastMsg"] = Summary(message),
            ["LastMsgType"] = message.MsgType,
            ["LastAt"] = message.CreatedAt,
            ["UnreadByKefu"] = message.FromType == Party.User,
        };
        if (message.FromType == Party.User)
        {
            row["UserNickname"] = message.FromNickname;
            row["UserAvatar"] = message.FromAvatar ?? "";
            if (message.FromClient is { } client)
            {
                row["UserClient"] = client;
            }
        }
        return row;
    }

    /// <summary>The list's last-message text: text cut at 200 characters; a goods message's JSON text whole (it must parse).</summary>
    private static string Summary(SupportMessage message) =>
        message.Msg.Length <= 200 || message.MsgType == SupportMessageType.Goods ? message.Msg : message.Msg[..200];

    private static string Partition(long shopId, long userId) =>
        $"s:{shopId.ToString(CultureInfo.InvariantCulture)}:{userId.ToString(CultureInfo.InvariantCulture)}";

    internal static string InboxPartition(long shopId) => "shop:" + shopId.ToString(CultureInfo.InvariantCulture);

    internal static string InboxRow(long kefuId, long userId) =>
        kefuId.ToString("D12", CultureInfo.InvariantCulture) + ":" + userId.ToString("D12", CultureInfo.InvariantCulture);

    private static string ReadRow(string reader) => "r:" + reader;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving the former AgentInbox rows failed (shop {ShopId}'s list read goes on without them; retried at the next read)")]
    private static partial void LogLegacyMoveFailed(ILogger logger, long shopId, Exception exception);
}
