using System.Collections.Concurrent;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Kfk.Azure.Storage;
using Kfk.Azure.Support;
using Kfk.Core.Support;
using Kfk.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Azure.Tests.Support;

/// <summary>
/// The conversation lists written behind the chat messages, against Azurite: one transaction per message on the hot path,
/// one per shop for all its pending list rows, newest summary wins, nothing lost by a failed flush, a crash, a transfer or
/// the move from the former <c>AgentInbox</c> table. Requests are counted on this test's own clients.
/// </summary>
public sealed class InboxWriteBehindTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ChatMessages_CostOneTransactionEach_AndAShopsPendingListRowsOneTransaction()
    {
        var (tables, requests) = await TablesAsync();
        var (store, writeBehind) = Store(tables);
        var shopId = NewId();
        var kefuA = NewId();
        var kefuB = NewId();
        var users = Enumerable.Range(0, 6).Select(_ => NewId()).ToArray();
        for (var i = 0; i < users.Length; i++)
        {
            // Cold: each conversation's first append reads its summary once.
            await store.AppendAsync(FromUser(shopId, users[i], i % 2 == 0 ? kefuA : kefuB, "hello"), null, None);
        }
        await writeBehind.FlushAllAsync(None);
        requests.Clear();

        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < users.Length; i++)
            {
                await store.AppendAsync(FromUser(shopId, users[i], i % 2 == 0 ? kefuA : kefuB, $"r{round} u{i}"), null, None);
            }
        }

        Assert.Equal(18, requests.Transactions(TableSupportStore.ConversationsTable));
        Assert.Equal(0, requests.Transactions(TableSupportStore.InboxTable));
        Assert.Equal(0, requests.Reads(TableSupportStore.ConversationsTable));

        await writeBehind.FlushAllAsync(None);

        Assert.Equal(1, requests.Transactions(TableSupportStore.InboxTable));
        var listA = await store.InboxAsync(shopId, kefuA, None);
        Assert.Equal(["r2 u4", "r2 u2", "r2 u0"], listA.Select(e => e.LastMsg));
        Assert.All(listA, e => Assert.False(e.ReadByKefu));
        Assert.Equal(3, (await store.InboxAsync(shopId, kefuB, None)).Count);
    }

    [Fact]
    public async Task AListRead_SeesThisInstancesMessagesAtOnce()
    {
        var (tables, _) = await TablesAsync();
        var (store, writeBehind) = Store(tables);
        var (shopId, kefuId, userId) = (NewId(), NewId(), NewId());

        await store.AppendAsync(FromUser(shopId, userId, kefuId, "你好"), null, None);
        Assert.Equal(1, writeBehind.PendingCount);

        var entry = Assert.Single(await store.InboxAsync(shopId, kefuId, None));
        Assert.Equal("你好", entry.LastMsg);
        Assert.Equal("买家", entry.User?.Nickname);
        Assert.False(writeBehind.HasPending(TableSupportStore.InboxPartition(shopId)));
    }

    [Fact]
    public async Task RowsOfOneConversation_Coalesce_TheHigherSeqWinsEachProperty_AndTheBuyerSeenLastIsKept()
    {
        var (tables, _) = await TablesAsync();
        var (store, writeBehind) = Store(tables);
        var (shopId, kefuId, userId) = (NewId(), NewId(), NewId());
        var partition = TableSupportStore.InboxPartition(shopId);
        var row = TableSupportStore.InboxRow(kefuId, userId);

        writeBehind.Enqueue(new TableEntity(partition, row) { ["ShopId"] = shopId, ["UserId"] = userId, ["LastSeq"] = 5L, ["LastMsg"] = "newer", ["UnreadByKefu"] = false });
        writeBehind.Enqueue(new TableEntity(partition, row) { ["ShopId"] = shopId, ["UserId"] = userId, ["LastSeq"] = 4L, ["LastMsg"] = "older", ["UnreadByKefu"] = true, ["UserNickname"] = "买家" });
        writeBehind.Enqueue(new TableEntity(partition, row) { ["KefuReadSeq"] = 4L });
        await writeBehind.FlushAllAsync(None);

        var stored = (await tables.GetTableClient(TableSupportStore.InboxTable).GetEntityAsync<TableEntity>(partition, row)).Value;
        Assert.Equal(5L, stored.GetInt64("LastSeq"));
        Assert.Equal("newer", stored.GetString("LastMsg"));
        Assert.False(stored.GetBoolean("UnreadByKefu"));
        Assert.Equal("买家", stored.GetString("UserNickname"));
        Assert.Equal(4L, stored.GetInt64("KefuReadSeq"));
        Assert.Single(await store.InboxAsync(shopId, kefuId, None));
    }

    [Fact]
    public async Task AFailedFlush_KeepsItsRows_AndTheNextOneWritesThem()
    {
        var (tables, _) = await TablesAsync();
        var failing = new FailingTransactions();
        var failingTables = StorageClientFactory.CreateTables(new StorageOptions { ConnectionString = (await Azurite.SharedAsync()).ConnectionString }, null,
            Counted(failing));
        var (store, writeBehind) = Store(failingTables);
        var (shopId, kefuId, userId) = (NewId(), NewId(), NewId());
        await store.AppendAsync(FromUser(shopId, userId, kefuId, "first"), null, None);

        failing.Fail = true;
        await writeBehind.FlushAllAsync(None);
        Assert.Equal(1, writeBehind.PendingCount);
        failing.Fail = false;
        await store.AppendAsync(FromUser(shopId, userId, kefuId, "second"), null, None);
        Assert.Equal(1, writeBehind.PendingCount);

        await writeBehind.FlushAllAsync(None);

        Assert.Equal(0, writeBehind.PendingCount);
        var row = (await tables.GetTableClient(TableSupportStore.InboxTable).GetEntityAsync<TableEntity>(
            TableSupportStore.InboxPartition(shopId), TableSupportStore.InboxRow(kefuId, userId))).Value;
        Assert.Equal("second", row.GetString("LastMsg"));
        Assert.Equal(2L, row.GetInt64("LastSeq"));
    }

    [Fact]
    public async Task AListRowLostWithItsInstance_IsRepairedFromTheConversationWhenTheListIsRead()
    {
        var (tables, _) = await TablesAsync();
        var (first, firstWriteBehind) = Store(tables);
        var (shopId, kefuId, userId) = (NewId(), NewId(), NewId());
        await first.AppendAsync(FromUser(shopId, userId, kefuId, "before the crash"), null, None);
        await firstWriteBehind.FlushAllAsync(None);
        await first.AppendAsync(FromUser(shopId, userId, kefuId, "lost with the instance"), null, None); // never flushed

        var (restarted, restartedWriteBehind) = Store(tables);
        var entry = Assert.Single(await restarted.InboxAsync(shopId, kefuId, None));

        Assert.Equal("lost with the instance", entry.LastMsg);
        Assert.Equal(2, entry.LastSeq);
        Assert.False(entry.ReadByKefu);
        await restartedWriteBehind.FlushAllAsync(None);
        var (again, _) = Store(tables);
        Assert.Equal("lost with the instance", Assert.Single(await again.InboxAsync(shopId, kefuId, None)).LastMsg);
    }

    [Fact]
    public async Task AHandOver_MovesTheRowInOneTransaction_AndAPendingRowDoesNotBringItBack()
    {
        var (tables, requests) = await TablesAsync();
        var (store, writeBehind) = Store(tables);
        var (shopId, fromKefu, toKefu, userId) = (NewId(), NewId(), NewId(), NewId());
        await store.AppendAsync(FromUser(shopId, userId, fromKefu, "转人工"), null, None);
        await writeBehind.FlushAllAsync(None);
        await store.AppendAsync(FromUser(shopId, userId, fromKefu, "还在吗"), null, None); // pending for the old agent
        var before = requests.Transactions(TableSupportStore.InboxTable);

        var moved = await store.HandOverAsync(shopId, userId, fromKefu, toKefu, new InboxUser("买家", null, 6), DateTimeOffset.UtcNow, None);
        await writeBehind.FlushAllAsync(None);

        Assert.Equal(1, requests.Transactions(TableSupportStore.InboxTable) - before);
        Assert.Equal("还在吗", moved.LastMsg);
        Assert.Empty(await store.InboxAsync(shopId, fromKefu, None));
        Assert.Equal("还在吗", Assert.Single(await store.InboxAsync(shopId, toKefu, None)).LastMsg);
    }

    [Fact]
    public async Task RowsOfTheFormerAgentInboxTable_AreMovedBeforeTheFirstListRead_WithoutOverwritingNewerRows()
    {
        var (tables, _) = await TablesAsync();
        var legacy = tables.GetTableClient(LegacyAgentInbox.TableName);
        await legacy.CreateIfNotExistsAsync();
        var (shopId, kefuId, oldUser, bothUser) = (NewId(), NewId(), NewId(), NewId());
        await legacy.AddEntityAsync(LegacyRow(shopId, kefuId, oldUser, "old list row"));
        await legacy.AddEntityAsync(LegacyRow(shopId, kefuId, bothUser, "stale"));
        var (store, writeBehind) = Store(tables);
        await store.AppendAsync(FromUser(shopId, bothUser, kefuId, "fresh"), null, None);
        await writeBehind.FlushAllAsync(None);

        var list = await store.InboxAsync(shopId, kefuId, None);

        Assert.Equal(["fresh", "old list row"], list.Select(e => e.LastMsg));
        Assert.Equal("老买家", list[1].User?.Nickname);
        Assert.Empty(legacy.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"kefu:" + kefuId.ToString(CultureInfo.InvariantCulture)}")).ToBlockingEnumerable());
    }

    [Fact]
    public async Task TheTimer_FlushesEachInterval_AndStoppingFlushesWhatIsLeft()
    {
        var (tables, _) = await TablesAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var writeBehind = new InboxWriteBehind(tables, Options.Create(new InboxWriteBehindOptions()), clock, NullLogger<InboxWriteBehind>.Instance);
        var store = new TableSupportStore(tables, writeBehind, NullLogger<TableSupportStore>.Instance);
        var (shopId, kefuId, userId) = (NewId(), NewId(), NewId());
        await writeBehind.StartAsync(None);

        await store.AppendAsync(FromUser(shopId, userId, kefuId, "tick"), null, None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => writeBehind.PendingCount == 0);
        await store.AppendAsync(FromUser(shopId, userId, kefuId, "stop"), null, None);
        await writeBehind.StopAsync(None);

        Assert.Equal(0, writeBehind.PendingCount);
        var (verify, _) = Store(tables);
        Assert.Equal("stop", Assert.Single(await verify.InboxAsync(shopId, kefuId, None)).LastMsg);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private static TableEntity LegacyRow(long shopId, long kefuId, long userId, string lastMsg) =>
        new("kefu:" + kefuId.ToString(CultureInfo.InvariantCulture),
            shopId.ToString("D12", CultureInfo.InvariantCulture) + ":" + userId.ToString("D12", CultureInfo.InvariantCulture))
        {
            ["ShopId"] = shopId, ["UserId"] = userId, ["LastSeq"] = 1L, ["LastMsg"] = lastMsg, ["LastMsgType"] = 1,
            ["LastAt"] = DateTimeOffset.UtcNow.AddDays(-1), ["UnreadByKefu"] = true, ["UserNickname"] = "老买家", ["UserAvatar"] = "",
        };

    private static SupportMessage FromUser(long shopId, long userId, long kefuId, string text) => new(
        Seq: 0, ShopId: shopId, UserId: userId, FromType: Party.User, FromId: userId, ToType: Party.Kefu, ToId: kefuId, Msg: text,
        MsgType: SupportMessageType.Text, Goods: null, FromNickname: "买家", FromAvatar: null, CreatedAt: DateTimeOffset.UtcNow, ClientMsgId: null,
        FromClient: 6);

    private static long NewId() => Random.Shared.NextInt64(1_000, 999_999_999_999);

    private static (TableSupportStore Store, InboxWriteBehind WriteBehind) Store(TableServiceClient tables)
    {
        var writeBehind = new InboxWriteBehind(tables, Options.Create(new InboxWriteBehindOptions()), TimeProvider.System, NullLogger<InboxWriteBehind>.Instance);
        return (new TableSupportStore(tables, writeBehind, NullLogger<TableSupportStore>.Instance), writeBehind);
    }

    private static async Task<(TableServiceClient Tables, RequestCounter Requests)> TablesAsync()
    {
        var azurite = await Azurite.SharedAsync();
        var counter = new RequestCounter();
        var tables = StorageClientFactory.CreateTables(new StorageOptions { ConnectionString = azurite.ConnectionString }, null, Counted(counter));
        foreach (var name in new[] { TableSupportStore.ConversationsTable, TableSupportStore.InboxTable })
        {
            await tables.GetTableClient(name).CreateIfNotExistsAsync();
        }
        return (tables, counter);
    }

    private static TableClientOptions Counted(HttpPipelinePolicy policy)
    {
        var options = new TableClientOptions();
        options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>Counts this test's own requests by kind and table.</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<StorageRequest> _requests = new();

        public override void OnSendingRequest(HttpMessage message) =>
            _requests.Enqueue(StorageRequestClassifier.Classify(StorageService.Tables, message.Request));

        public void Clear() => _requests.Clear();

        public long Transactions(string table) => _requests.Count(r => r.Kind == StorageRequestKind.TableTransaction && r.Resource == table);

        public long Reads(string table) => _requests.Count(r => r.Kind == StorageRequestKind.TableRead && r.Resource == table);
    }

    /// <summary>Answers every entity group transaction with 503 while <see cref="Fail"/> is set.</summary>
    private sealed class FailingTransactions : HttpPipelinePolicy
    {
        public volatile bool Fail;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("async only");

        public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Fail && message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                throw new global::Azure.RequestFailedException(503, "injected outage");
            }
            return ProcessNextAsync(message, pipeline);
        }
    }
}
