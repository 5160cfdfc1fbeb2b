using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Core.Support;

namespace Kfk.Azure.Support;

/// <summary>
/// Table <c>Conversations</c>, one partition per support conversation, <c>PartitionKey</c> = <c>s:{shopId}:{userId}</c>:
/// <list type="bullet">
/// <item><c>meta</c>: <c>LastSeq</c>, the serving agent (<c>Assignee</c>) and the last message summary; updated with its ETag in the same entity group
/// transaction that inserts the message, so seq stays gapless and a concurrent writer retries instead of overwriting.</item>
/// <item><c>m:{999999999999 - seq}</c>: the message as JSON (inverted so a scan reads newest first: a page costs the same at any length).</item>
/// <item><c>c:{client_msg_id}</c>: the seq of a client-identified message; its insert fails on a resend.</item>
/// <item><c>r:user</c>, <c>r:kefu</c>: each side's read watermark (read = up to that seq).</item>
/// </list>
/// Table <c>AgentInbox</c>, <c>PartitionKey</c> = <c>kefu:{kefuId}</c>, <c>RowKey</c> = <c>{shopId:D12}:{userId:D12}</c>: the agent's
/// conversation list (one partition query): last message summary, the user's nickname/avatar/client as last seen, and
/// the agent's read position (<c>KefuReadSeq</c>). A chat message costs 2 transactions and, with the summary's ETag
/// cached, no read.
/// </summary>
public sealed class TableSupportStore(TableServiceClient tables) : ISupportStore
{
    public const string ConversationsTable = "Conversations";
    public const string InboxTable = "AgentInbox";
    private const long SeqCeiling = 999_999_999_999;
    private const int MaxCachedConversations = 100_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableClient _conversations = tables.GetTableClient(ConversationsTable);
    private readonly TableClient _inbox = tables.GetTableClient(InboxTable);
    private readonly ConcurrentDictionary<string, (ETag ETag, long LastSeq)> _meta = new(StringComparer.Ordinal);

    public async Task<AppendResult> AppendAsync(SupportMessage draft, CancellationToken cancellationToken)
    {
        var partition = Partition(draft.ShopId, draft.UserId);
        for (var attempt = 0; ; attempt++)
        {
            var (etag, lastSeq) = _meta.TryGetValue(partition, out var cached) ? cached : await ReadMetaAsync(partition, cancellationToken);
            var message = draft with { Seq = lastSeq + 1 };
            var meta = new TableEntity(partition, "meta")
            {
                ["LastSeq"] = message.Seq,
                ["LastMsg"] = Summary(message),
                ["LastMsgType"] = message.MsgType,
                ["LastAt"] = message.CreatedAt,
                ["Assignee"] = draft.KefuId,
            };
            var actions = new List<TableTransactionAction>
            {
                etag == default
                    ? new(TableTransactionActionType.Add, meta)
                    : new(TableTransactionActionType.UpdateReplace, meta, etag),
                new(TableTransactionActionType.Add, new TableEntity(partition, MessageRow(message.Seq)) { ["Data"] = JsonSerializer.Serialize(message, Json) }),
            };
            if (message.ClientMsgId is { } clientMsgId)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, ClientRow(clientMsgId)) { ["Seq"] = message.Seq }));
            }
            try
            {
                StorageMetrics.Transaction(ConversationsTable);
                var response = await _conversations.SubmitTransactionAsync(actions, cancellationToken);
                Remember(partition, response.Value[0].Headers.ETag ?? default, message.Seq);
                await TouchInboxAsync(message, cancellationToken);
                return new AppendResult(message, Duplicate: false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < 8)
            {
                _meta.TryRemove(partition, out _);
                if (ex.FailedTransactionActionIndex == 2 && draft.ClientMsgId is { } resent
                    && await FindByClientIdAsync(partition, resent, cancellationToken) is { } original)
                {
                    return new AppendResult(original, Duplicate: true);
                }
            }
        }
    }

    public async Task TouchRelationAsync(long shopId, long userId, long kefuId, DateTimeOffset at, InboxUser user, CancellationToken cancellationToken)
    {
        var row = new TableEntity(InboxPartition(kefuId), InboxRow(shopId, userId)) { ["ShopId"] = shopId, ["UserId"] = userId, ["TouchedAt"] = at };
        WriteUser(row, user);
        StorageMetrics.Transaction(InboxTable);
        await _inbox.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<IReadOnlyList<InboxEntry>> InboxAsync(long kefuId, CancellationToken cancellationToken)
    {
        StorageMetrics.Read(InboxTable);
        var entries = new List<InboxEntry>();
        var partition = InboxPartition(kefuId);
        await foreach (var row in _inbox.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var lastSeq = row.GetInt64("LastSeq") ?? 0;
            var lastAt = row.GetDateTimeOffset("LastAt");
            var touchedAt = row.GetDateTimeOffset("TouchedAt");
            var updated = lastAt > touchedAt || touchedAt is null ? lastAt : touchedAt;
            var unread = row.GetBoolean("UnreadByKefu") == true && (row.GetInt64("KefuReadSeq") ?? 0) < lastSeq;
            var user = row.GetString("UserNickname") is { } nickname
                ? new InboxUser(nickname, row.GetString("UserAvatar"), row.GetInt32("UserClient"))
                : null;
            entries.Add(new InboxEntry(row.GetInt64("ShopId") ?? 0, row.GetInt64("UserId") ?? 0, lastSeq, row.GetString("LastMsg") ?? "",
                row.GetInt32("LastMsgType") ?? SupportMessageType.Text, updated ?? row.Timestamp ?? DateTimeOffset.MinValue, !unread, user));
        }
        return [.. entries.OrderByDescending(e => e.LastAt)];
    }

    public async Task MarkInboxReadAsync(long kefuId, long shopId, long userId, long upToSeq, CancellationToken cancellationToken)
    {
        var row = new TableEntity(InboxPartition(kefuId), InboxRow(shopId, userId)) { ["ShopId"] = shopId, ["UserId"] = userId, ["KefuReadSeq"] = upToSeq };
        StorageMetrics.Transaction(InboxTable);
        await _inbox.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
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
            StorageMetrics.Read(ConversationsTable);
            NullableResponse<TableEntity> current = await _conversations.GetEntityIfExistsAsync<TableEntity>(partition, row, ["Seq"], cancellationToken);
            if (current.HasValue && (current.Value!.GetInt64("Seq") ?? 0) >= upToSeq)
            {
                return;
            }
            try
            {
                StorageMetrics.Transaction(ConversationsTable);
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
        StorageMetrics.Read(ConversationsTable);
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

    public async Task<long?> AssigneeAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        StorageMetrics.Read(ConversationsTable);
        NullableResponse<TableEntity> meta = await _conversations.GetEntityIfExistsAsync<TableEntity>(Partition(shopId, userId), "meta", ["Assignee"], cancellationToken);
        return meta.HasValue ? meta.Value!.GetInt64("Assignee") : null;
    }

    public async Task<int> CountActiveConversationsAsync(long kefuId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        StorageMetrics.Read(InboxTable);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InboxPartition(kefuId)} and LastAt ge {since}");
        var count = 0;
        await foreach (var _ in _inbox.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            count++;
        }
        return count;
    }

    public async Task<bool> HasConversationAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        var partition = Partition(shopId, userId);
        if (_meta.ContainsKey(partition))
        {
            return true;
        }
        var (etag, lastSeq) = await ReadMetaAsync(partition, cancellationToken);
        if (etag == default)
        {
            return false;
        }
        Remember(partition, etag, lastSeq);
        return true;
    }

    public async Task<long> LastSeqAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        var partition = Partition(shopId, userId);
        if (_meta.TryGetValue(partition, out var cached))
        {
            return cached.LastSeq;
        }
        var (etag, lastSeq) = await ReadMetaAsync(partition, cancellationToken);
        if (etag != default)
        {
            Remember(partition, etag, lastSeq);
        }
        return lastSeq;
    }

    public async Task<IReadOnlyList<SupportMessage>> ReadRangeAsync(long shopId, long userId, long fromSeq, long toSeq, CancellationToken cancellationToken)
    {
        if (toSeq < fromSeq || toSeq < 1)
        {
            return [];
        }
        var partition = Partition(shopId, userId);
        string newest = MessageRow(toSeq), oldest = MessageRow(Math.Max(fromSeq, 1));
        var messages = new List<SupportMessage>();
        StorageMetrics.Read(ConversationsTable);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {newest} and RowKey le {oldest}");
        await foreach (var row in _conversations.QueryAsync<TableEntity>(filter, select: ["Data"], cancellationToken: cancellationToken))
        {
            messages.Add(JsonSerializer.Deserialize<SupportMessage>(row.GetString("Data"), Json)!);
        }
        messages.Reverse();
        return messages;
    }

    private async Task TouchInboxAsync(SupportMessage message, CancellationToken cancellationToken)
    {
        var kefuId = message.FromType == Party.Kefu ? message.FromId : message.ToId;
        var row = new TableEntity(InboxPartition(kefuId), InboxRow(message.ShopId, message.UserId))
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
        StorageMetrics.Transaction(InboxTable);
        await _inbox.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task<(ETag, long)> ReadMetaAsync(string partition, CancellationToken cancellationToken)
    {
        StorageMetrics.Read(ConversationsTable);
        NullableResponse<TableEntity> meta = await _conversations.GetEntityIfExistsAsync<TableEntity>(partition, "meta", ["LastSeq"], cancellationToken);
        return meta.HasValue ? (meta.Value!.ETag, meta.Value.GetInt64("LastSeq") ?? 0) : (default, 0);
    }

    private async Task<SupportMessage?> FindByClientIdAsync(string partition, string clientMsgId, CancellationToken cancellationToken)
    {
        StorageMetrics.Read(ConversationsTable);
        NullableResponse<TableEntity> index = await _conversations.GetEntityIfExistsAsync<TableEntity>(partition, ClientRow(clientMsgId), ["Seq"], cancellationToken);
        if (!index.HasValue || index.Value!.GetInt64("Seq") is not { } seq)
        {
            return null;
        }
        NullableResponse<TableEntity> row = await _conversations.GetEntityIfExistsAsync<TableEntity>(partition, MessageRow(seq), ["Data"], cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<SupportMessage>(row.Value!.GetString("Data"), Json) : null;
    }

    private void Remember(string partition, ETag etag, long lastSeq)
    {
        if (_meta.Count >= MaxCachedConversations)
        {
            _meta.Clear();
        }
        _meta[partition] = (etag, lastSeq);
    }

    private static string Summary(SupportMessage message) => message.Msg.Length <= 200 ? message.Msg : message.Msg[..200];

    private static string Partition(long shopId, long userId) =>
        $"s:{shopId.ToString(CultureInfo.InvariantCulture)}:{userId.ToString(CultureInfo.InvariantCulture)}";

    private static string InboxPartition(long kefuId) => "kefu:" + kefuId.ToString(CultureInfo.InvariantCulture);

    private static string InboxRow(long shopId, long userId) =>
        shopId.ToString("D12", CultureInfo.InvariantCulture) + ":" + userId.ToString("D12", CultureInfo.InvariantCulture);

    private static string ReadRow(string reader) => "r:" + reader;

    private static string MessageRow(long seq) => "m:" + (SeqCeiling - seq).ToString("D12", CultureInfo.InvariantCulture);

    // Row keys may not hold / \ # ? or control characters: the id is kept to a safe alphabet by the codec.
    private static string ClientRow(string clientMsgId) => "c:" + clientMsgId;
}
