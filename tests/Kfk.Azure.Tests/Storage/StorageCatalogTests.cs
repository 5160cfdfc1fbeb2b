using Kfk.Azure.Storage;

namespace Kfk.Azure.Tests.Storage;

public sealed class StorageCatalogTests
{
    [Theory]
    [InlineData("1Messages")]
    [InlineData("Me")]
    [InlineData("Mess-ages")]
    public void AddTable_WithInvalidName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new StorageCatalog().AddTable(name));

    [Theory]
    [InlineData("Media")]
    [InlineData("-media")]
    [InlineData("media-")]
    [InlineData("me--dia")]
    [InlineData("me")]
    public void AddContainerOrQueue_WithInvalidName_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => new StorageCatalog().AddContainer(name));
        Assert.Throws<ArgumentException>(() => new StorageCatalog().AddQueue(name));
    }

    [Fact]
    public void Add_SameNameTwice_KeepsOne()
    {
        var catalog = new StorageCatalog();
        catalog.AddTable("Messages");
        catalog.AddTable("Messages");
        catalog.AddContainer("media");
        catalog.AddContainer("media");
        catalog.AddQueue("webhook-deliveries");
        catalog.AddQueue("webhook-deliveries");

        Assert.Equal(["Messages"], catalog.Tables);
        Assert.Equal(["media"], catalog.Containers);
        Assert.Equal(["webhook-deliveries"], catalog.Queues);
    }
}
