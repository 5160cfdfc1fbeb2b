using System.Net;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Kfk.Azure.Storage;
using Kfk.Testing;

namespace Kfk.Azure.Tests.Storage;

/// <summary>The clients the factory builds count their own requests: driven through the real SDK over a stub transport.</summary>
public sealed class StorageMetricsPolicyTests : IDisposable
{
    private const string Entity = """{"PartitionKey":"p","RowKey":"r","Last":1}""";
    // Azurite's path-style endpoints; the stub transport answers, nothing listens there.
    private static readonly StorageOptions Local = new() { ConnectionString = Azurite.ConnectionStringFor(10000, 10001, 10002) };
    private readonly StorageMeasurements _measured = new();
    private readonly string _table = "Metrics" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task GetEntity_CountsOneRead_AndNoTransaction()
    {
        var table = Table(new StubStorageHandler(() => StubStorageHandler.Json(Entity)));

        await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal(1, _measured.Reads(_table));
        Assert.Equal(0, _measured.Transactions(_table));
    }

    [Fact]
    public async Task EntityGroupTransaction_CountsOneTransaction_ForItsTable()
    {
        var table = Table(new StubStorageHandler(() => StubStorageHandler.BatchAccepted(3)));

        await table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "meta") { ["LastSeq"] = 2L }, new ETag("W/\"1\"")),
            new(TableTransactionActionType.Add, new TableEntity("p", "m:2")),
            new(TableTransactionActionType.Add, new TableEntity("p", "c:x")),
        ]);

        Assert.Equal(1, _measured.Transactions(_table));
        Assert.Equal(0, _measured.Reads(_table));
    }

    [Fact]
    public async Task RequestTheSdkRetries_CountsOnce()
    {
        var handler = new StubStorageHandler(() => StubStorageHandler.Status(HttpStatusCode.ServiceUnavailable), () => StubStorageHandler.Json(Entity));
        var table = Table(handler);

        await table.GetEntityAsync<TableEntity>("p", "r");

        Assert.Equal(2, handler.Sent);
        Assert.Equal(1, _measured.Reads(_table));
    }

    [Fact]
    public async Task EntityWrites_CountOneTransactionEach_EvenWhenRefused()
    {
        var table = Table(new StubStorageHandler(
            () => StubStorageHandler.Status(HttpStatusCode.NoContent),
            () => StubStorageHandler.Status(HttpStatusCode.NoContent),
            () => StubStorageHandler.Json("""{"odata.error":{"code":"UpdateConditionNotSatisfied","message":{"value":"stale"}}}""", HttpStatusCode.PreconditionFailed)));

        await table.UpsertEntityAsync(new TableEntity("p", "r"), TableUpdateMode.Merge);
        await table.DeleteEntityAsync("p", "r", ETag.All);
        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), new ETag("W/\"old\""), TableUpdateMode.Replace));

        Assert.Equal(412, stale.Status);
        Assert.Equal(3, _measured.Transactions(_table));
        Assert.Equal(0, _measured.Reads(_table));
    }

    [Fact]
    public async Task Query_CountsOneReadPerPage()
    {
        var table = Table(new StubStorageHandler(
            () => StubStorageHandler.Json($$"""{"value":[{{Entity}}]}""", HttpStatusCode.OK, ("x-ms-continuation-NextPartitionKey", "p"), ("x-ms-continuation-NextRowKey", "s")),
            () => StubStorageHandler.Json($$"""{"value":[{{Entity}}]}""")));

        var rows = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "p", maxPerPage: 1))
        {
            rows++;
        }

        Assert.Equal(2, rows);
        Assert.Equal(2, _measured.Reads(_table));
    }

    [Fact]
    public async Task BlobRequests_CountPerContainer_NotAsTableRequests()
    {
        var container = "metrics-" + Guid.NewGuid().ToString("N")[..12];
        var handler = new StubStorageHandler(() => StubStorageHandler.Json("", HttpStatusCode.NotFound, ("x-ms-error-code", "BlobNotFound")));
        var blobs = StorageClientFactory.CreateBlobs(Local, null, new BlobClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) });

        var exists = await blobs.GetBlobContainerClient(container).GetBlobClient("a/thumb").ExistsAsync();

        Assert.False(exists.Value);
        Assert.Equal(1, _measured.Count("kfk.blobs.requests", container));
        Assert.Equal(0, _measured.Reads(container));
    }

    public void Dispose() => _measured.Dispose();

    private TableClient Table(StubStorageHandler handler)
    {
        var options = new TableClientOptions { Transport = new HttpClientTransport(new HttpClient(handler)) };
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(1);
        options.Retry.MaxRetries = 2;
        return StorageClientFactory.CreateTables(Local, null, options).GetTableClient(_table);
    }
}
