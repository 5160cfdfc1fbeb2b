using Kfk.Azure.Storage;
using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Core.QuickReplies;
using Kfk.Core.Support;
using Kfk.Testing;
using static Kfk.Azure.Tests.Storage.Golden.GoldenRecords;

namespace Kfk.Azure.Tests.Storage.Golden;

/// <summary>One golden row: its fixture, the values it holds and the codec the stores use for it.</summary>
internal abstract class GoldenRow(string fixture, bool writtenToday)
{
    public string Fixture => fixture;

    /// <summary>False for an older shape, which must read back but is no longer written.</summary>
    public bool WrittenToday => writtenToday;

    /// <summary>The stored JSON (the file without its final newline).</summary>
    public string Json => GoldenRows.Json(fixture);

    public abstract Type StoredType { get; }

    public abstract void AssertReadsBack();

    public abstract string WriteValues();

    public abstract string ReadThenWrite();
}

internal sealed class GoldenRow<T>(string fixture, T values, StorageCodec<T> codec, bool writtenToday = true) : GoldenRow(fixture, writtenToday)
    where T : class
{
    public T Values => values;

    public override Type StoredType => codec.RowType;

    public override void AssertReadsBack() => GoldenRows.AssertSame(values, codec.Read(Json));

    public override string WriteValues() => codec.Write(values);

    public override string ReadThenWrite() => codec.Write(codec.Read(Json)!);
}

internal static class GoldenRows
{
    private const bool Older = false;
    private static readonly OrderLine[] NoLines = [];

    public static readonly IReadOnlyList<GoldenRow> All =
    [
        new GoldenRow<SupportMessage>("support-message-text", UserText, StorageJson.SupportMessages),
        new GoldenRow<SupportMessage>("support-message-goods", KefuGoods, StorageJson.SupportMessages),
        new GoldenRow<SupportMessage>("support-message-notice", TransferNotice, StorageJson.SupportMessages),
        new GoldenRow<SupportMessage>("support-message-first-hub", FirstHubText, StorageJson.SupportMessages, Older),
        new GoldenRow<SupportMessage>("support-message-minimal", WithoutRecordType, StorageJson.SupportMessages, Older),
        new GoldenRow<RoomMessage>("room-message", BuyerSays, StorageJson.RoomMessages),
        new GoldenRow<Dispute>("dispute-open", OpenDispute, StorageJson.Disputes),
        new GoldenRow<Dispute>("dispute-closed", ClosedDispute, StorageJson.Disputes),
        new GoldenRow<Principal>("principal-user", UserPrincipal, StorageJson.Principals),
        new GoldenRow<Principal>("principal-buyer-order", BuyerOrderPrincipal, StorageJson.Principals),
        new GoldenRow<Principal>("principal-shop", ShopPrincipal, StorageJson.Principals),
        new GoldenRow<Principal>("principal-kefu", KefuPrincipal, StorageJson.Principals),
        new GoldenRow<Principal>("principal-admin", AdminPrincipal, StorageJson.Principals),
        new GoldenRow<Principal>("principal-before-kefu-id", UserPrincipal, StorageJson.Principals, Older),
        new GoldenRow<Shop>("shop-with-card", ShopWithCard, StorageJson.Shops),
        new GoldenRow<Shop>("shop-bare", BareShop, StorageJson.Shops),
        new GoldenRow<Buyer>("buyer", FullBuyer, StorageJson.Buyers),
        new GoldenRow<Buyer>("buyer-before-create-time", BuyerBeforeCreateTime, StorageJson.Buyers, Older),
        new GoldenRow<Goods>("goods", Tshirt, StorageJson.Goods),
        new GoldenRow<Order>("order", OrderWithLines, StorageJson.Orders),
        new GoldenRow<Order>("order-before-spec-value", OrderBeforeSpecValue, StorageJson.Orders, Older),
        new GoldenRow<QuickReply>("quick-reply", Greeting, StorageJson.QuickReplies),
        new GoldenRow<Agent>("agent-admin", ShopAdmin, StorageJson.Agents),
        new GoldenRow<Agent>("agent-disabled", DisabledStaff, StorageJson.Agents),
    ];

    public static string Folder { get; } = RepositoryPaths.Combine("tests", "Kfk.Azure.Tests", "Storage", "Golden");

    public static string Json(string fixture) => File.ReadAllText(Path.Combine(Folder, fixture + ".json")).TrimEnd('\n');

    public static GoldenRow Named(string fixture) => All.Single(row => row.Fixture == fixture);

    /// <summary>Record equality, with an order's lines compared one by one (a list compares by reference).</summary>
    public static void AssertSame<T>(T expected, T? actual)
        where T : class
    {
        Assert.NotNull(actual);
        if (expected is Order order && actual is Order read)
        {
            Assert.Equal(order.Goods, read.Goods);
            Assert.Equal(order with { Goods = NoLines }, read with { Goods = NoLines });
            return;
        }
        Assert.Equal(expected, actual);
    }

    public static void AssertSame<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual)
        where T : class
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSame(expected[i], actual[i]);
        }
    }
}
