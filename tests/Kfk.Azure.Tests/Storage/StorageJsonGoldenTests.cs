using System.Text.Json.Serialization;
using Kfk.Azure.PlatformData;
using Kfk.Azure.QuickReplies;
using Kfk.Azure.Storage;
using Kfk.Azure.Tests.Storage.Golden;

namespace Kfk.Azure.Tests.Storage;

/// <summary>
/// Every JSON shape the stores persist, against rows the stores wrote before they had a serializer context of their own
/// (Storage/Golden): today's rows and older ones read back to their values, and today's are written byte for byte.
/// </summary>
public sealed class StorageJsonGoldenTests
{
    public static TheoryData<string> Rows => [.. GoldenRows.All.Select(row => row.Fixture)];

    public static TheoryData<string> RowsWrittenToday => [.. GoldenRows.All.Where(row => row.WrittenToday).Select(row => row.Fixture)];

    [Theory]
    [MemberData(nameof(Rows))]
    public void StoredRow_ReadsBackToItsValues(string fixture) => GoldenRows.Named(fixture).AssertReadsBack();

    [Theory]
    [MemberData(nameof(RowsWrittenToday))]
    public void SameValues_AreWrittenByteForByte(string fixture)
    {
        var row = GoldenRows.Named(fixture);

        Assert.Equal(row.Json, row.WriteValues());
    }

    [Theory]
    [MemberData(nameof(RowsWrittenToday))]
    public void StoredRow_ReadAndWrittenAgain_IsUnchanged(string fixture)
    {
        var row = GoldenRows.Named(fixture);

        // Catches what record equality cannot see, such as a time's offset.
        Assert.Equal(row.Json, row.ReadThenWrite());
    }

    [Fact]
    public void EveryTypeOfTheStorageContext_HasARowWrittenToday()
    {
        var stored = typeof(StorageJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => (Type)a.ConstructorArguments[0].Value!)
            .ToHashSet();

        var covered = GoldenRows.All.Where(row => row.WrittenToday).Select(row => row.StoredType).ToHashSet();

        Assert.Equal(stored.OrderBy(t => t.Name), covered.OrderBy(t => t.Name));
    }

    [Fact]
    public void EveryGoldenFile_IsChecked()
    {
        var files = Directory.GetFiles(GoldenRows.Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);

        Assert.Equal(files, GoldenRows.All.Select(row => row.Fixture).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HttpContractRecords_AreStoredThroughRowsOfTheirOwn()
    {
        Assert.Equal(typeof(ShopRow), StorageJson.Shops.RowType);
        Assert.Equal(typeof(GoodsRow), StorageJson.Goods.RowType);
        Assert.Equal(typeof(OrderRow), StorageJson.Orders.RowType);
        Assert.Equal(typeof(QuickReplyRow), StorageJson.QuickReplies.RowType);
    }
}
