using System.Globalization;
using Azure.Data.Tables;
using Kfk.Azure.Agents;
using Kfk.Azure.Disputes;
using Kfk.Azure.Identity;
using Kfk.Azure.PlatformData;
using Kfk.Azure.QuickReplies;
using Kfk.Azure.Storage;
using Kfk.Azure.Support;
using Kfk.Azure.Tests.Storage.Golden;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.Support;
using Kfk.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Kfk.Azure.Tests.Storage.Golden.GoldenRecords;

namespace Kfk.Azure.Tests.Storage;

/// <summary>
/// The golden rows through the stores against Azurite, at the keys each store documents: what a store writes is the
/// golden row byte for byte, and rows written by older code (inserted as they are) read back through the store.
/// </summary>
public sealed class GoldenRowsInTablesTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task SupportStore_WritesTodaysRows_AndReadsOlderOnes()
    {
        var tables = await TablesAsync(TableSupportStore.ConversationsTable, TableSupportStore.InboxTable);
        var store = new TableSupportStore(tables, new InboxWriteBehind(tables, Options.Create(new InboxWriteBehindOptions()), TimeProvider.System,
            NullLogger<InboxWriteBehind>.Instance), NullLogger<TableSupportStore>.Instance);
        var conversations = tables.GetTableClient(TableSupportStore.ConversationsTable);
        var partition = $"s:{ShopId}:{UserId}";

        foreach (var message in new[] { UserText, KefuGoods, TransferNotice })
        {
            var appended = await store.AppendAsync(message with { Seq = 0 }, null, None);
            Assert.Equal(message, appended.Message);
        }
        Assert.Equal(Golden("support-message-text"), await ColumnAsync(conversations, partition, MessageRow(1)));
        Assert.Equal(Golden("support-message-goods"), await ColumnAsync(conversations, partition, MessageRow(2)));
        Assert.Equal(Golden("support-message-notice"), await ColumnAsync(conversations, partition, MessageRow(3)));

        await conversations.AddEntityAsync(new TableEntity(partition, MessageRow(4)) { ["Data"] = Golden("support-message-first-hub") });
        await conversations.AddEntityAsync(new TableEntity(partition, MessageRow(5)) { ["Data"] = Golden("support-message-minimal") });
        var read = await store.ReadRangeAsync(ShopId, UserId, 1, 5, None);

        Assert.Equal([UserText, KefuGoods, TransferNotice, FirstHubText, WithoutRecordType], read);
        Assert.Equal(SupportRecordType.Message, read[4].RecordType);
        Assert.Null(read[3].FromClient);
    }

    [Fact]
    public async Task RoomStore_WritesTodaysRow_AndReadsItBack()
    {
        var tables = await TablesAsync(TableSupportStore.ConversationsTable);
        var store = new TableRoomStore(tables);

        Assert.Equal(BuyerSays, await store.AppendAsync(BuyerSays with { Seq = 0 }, None));

        Assert.Equal(Golden("room-message"), await ColumnAsync(tables.GetTableClient(TableSupportStore.ConversationsTable), "room:" + OrderSn, MessageRow(1)));
        Assert.Equal([BuyerSays], await store.ReadRangeAsync(OrderSn, 1, 1, None));
    }

    [Fact]
    public async Task DisputeStore_ReadsTodaysRows_AndWritesThemUnchanged()
    {
        var tables = await TablesAsync(TableDisputeStore.TableName, TableDisputeStore.EventsTable);
        var store = new TableDisputeStore(tables, TimeProvider.System);
        var table = tables.GetTableClient(TableDisputeStore.TableName);

        foreach (var (fixture, dispute) in new[] { ("dispute-open", OpenDispute), ("dispute-closed", ClosedDispute) })
        {
            var report = "report:" + dispute.ReportId.ToString("D12", CultureInfo.InvariantCulture);
            await table.AddEntityAsync(new TableEntity(report, "") { ["Data"] = Golden(fixture) });

            var found = await store.FindAsync(dispute.ReportId, None);
            Assert.Equal(dispute, found?.Dispute);

            Assert.True(await store.UpdateAsync(dispute, found!.Version, null, None));
            Assert.Equal(Golden(fixture), await ColumnAsync(table, report, ""));
            Assert.Equal(Golden(fixture), await ColumnAsync(table, "list", (999_999_999_999 - dispute.ReportId).ToString("D12", CultureInfo.InvariantCulture)));
            Assert.Equal([dispute], await store.ListAsync(new DisputeFilter(OrderSn: dispute.OrderSn), 10, None));
        }
    }

    [Fact]
    public async Task TokenStore_WritesTodaysPrincipals_AndReadsThemBack()
    {
        var tables = await TablesAsync(TableTokenStore.TableName);
        var store = new TableTokenStore(tables);
        var table = tables.GetTableClient(TableTokenStore.TableName);

        foreach (var fixture in new[] { "principal-user", "principal-buyer-order", "principal-shop", "principal-kefu", "principal-admin" })
        {
            var principal = ((GoldenRow<Principal>)GoldenRows.Named(fixture)).Values;
            var written = "golden-written-" + fixture;
            var stored = "golden-stored-" + fixture;

            await store.SaveAsync(written, new StoredToken(principal, Noon), None);
            Assert.Equal(Golden(fixture), await ColumnAsync(table, written, "", "Principal"));

            await table.AddEntityAsync(new TableEntity(stored, "") { ["Principal"] = Golden(fixture), ["ExpiresAt"] = Noon });
            Assert.Equal(new StoredToken(principal, Noon), await store.FindAsync(stored, None));
        }
    }

    [Fact]
    public async Task PlatformDataStore_WritesTodaysRows_AndReadsOlderOnes()
    {
        var tables = await TablesAsync(TablePlatformDataStore.TableName);
        var store = new TablePlatformDataStore(tables, TimeProvider.System);
        var table = tables.GetTableClient(TablePlatformDataStore.TableName);

        await store.UpsertShopAsync(ShopWithCard, None);
        await store.UpsertShopAsync(BareShop, None);
        await store.UpsertBuyerAsync(FullBuyer, None);
        await store.UpsertGoodsAsync(Tshirt, None);
        await store.UpsertOrderAsync(OrderWithLines, None);
        Assert.Equal(Golden("shop-with-card"), await ColumnAsync(table, $"shop:{ShopWithCard.Id}", ""));
        Assert.Equal(Golden("shop-bare"), await ColumnAsync(table, $"shop:{BareShop.Id}", ""));
        Assert.Equal(Golden("buyer"), await ColumnAsync(table, $"buyer:{FullBuyer.Id}", ""));
        Assert.Equal(Golden("goods"), await ColumnAsync(table, $"goods:{Tshirt.Id}", ""));
        Assert.Equal(Golden("order"), await ColumnAsync(table, $"order:{OrderSn}", ""));
        Assert.Equal(Golden("order"), await ColumnAsync(table, $"orders:{ShopId}:{UserId}", OrderSn));

        await table.AddEntityAsync(new TableEntity($"buyer:{BuyerBeforeCreateTime.Id}", "") { ["Data"] = Golden("buyer-before-create-time") });
        await table.AddEntityAsync(new TableEntity($"order:{OrderBeforeSpecValue.Sn}", "") { ["Data"] = Golden("order-before-spec-value") });

        Assert.Equal(ShopWithCard, await store.FindShopAsync(ShopWithCard.Id, None));
        Assert.Equal(BareShop, await store.FindShopAsync(BareShop.Id, None));
        Assert.Equal(FullBuyer, await store.FindBuyerAsync(FullBuyer.Id, None));
        Assert.Equal(BuyerBeforeCreateTime, await store.FindBuyerAsync(BuyerBeforeCreateTime.Id, None));
        Assert.Equal(Tshirt, await store.FindGoodsAsync(Tshirt.Id, None));
        GoldenRows.AssertSame(OrderWithLines, await store.FindOrderAsync(OrderSn, None));
        GoldenRows.AssertSame([OrderWithLines], await store.ListOrdersAsync(ShopId, UserId, None));
        GoldenRows.AssertSame(OrderBeforeSpecValue, await store.FindOrderAsync(OrderBeforeSpecValue.Sn, None));
    }

    [Fact]
    public async Task QuickReplyStore_WritesTodaysRow_AndReadsItBack()
    {
        var tables = await TablesAsync(TableQuickReplyStore.TableName);
        var store = new TableQuickReplyStore(tables);

        await store.UpdateAsync(Greeting, None);

        Assert.Equal(Golden("quick-reply"), await ColumnAsync(tables.GetTableClient(TableQuickReplyStore.TableName), $"shop:{ShopId}",
            Greeting.Id.ToString("D12", CultureInfo.InvariantCulture)));
        Assert.Equal(Greeting, await store.FindAsync(ShopId, Greeting.Id, None));
        Assert.Equal([Greeting], await store.ListAsync(ShopId, None));
    }

    [Fact]
    public async Task AgentStore_WritesTodaysRows_AndReadsThemBack()
    {
        var tables = await TablesAsync(TableAgentStore.TableName);
        var store = new TableAgentStore(tables);
        var table = tables.GetTableClient(TableAgentStore.TableName);

        foreach (var (fixture, agent) in new[] { ("agent-admin", ShopAdmin), ("agent-disabled", DisabledStaff) })
        {
            await store.UpdateAsync(agent, None);

            Assert.Equal(Golden(fixture), await ColumnAsync(table, $"shop:{agent.ShopId}", agent.Id.ToString("D12", CultureInfo.InvariantCulture)));
            Assert.Contains(agent, await store.ListAsync(agent.ShopId, None));
        }
    }

    private static string Golden(string fixture) => GoldenRows.Json(fixture);

    /// <summary>A record row of the conversation log: <c>m:{999999999999 - seq:D12}</c>.</summary>
    private static string MessageRow(long seq) => "m:" + (999_999_999_999 - seq).ToString("D12", CultureInfo.InvariantCulture);

    private static async Task<string> ColumnAsync(TableClient table, string partitionKey, string rowKey, string column = "Data") =>
        (await table.GetEntityAsync<TableEntity>(partitionKey, rowKey, [column])).Value.GetString(column);

    private static async Task<TableServiceClient> TablesAsync(params string[] names)
    {
        var azurite = await Azurite.SharedAsync();
        var tables = StorageClientFactory.CreateTables(new StorageOptions { ConnectionString = azurite.ConnectionString }, null);
        foreach (var name in names)
        {
            await tables.GetTableClient(name).CreateIfNotExistsAsync();
        }
        return tables;
    }
}
