using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Kfk.Azure.Storage;
using Kfk.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kfk.Azure.Tests.Storage;

public sealed class StorageProvisionerTests
{
    [Fact]
    public async Task Provision_CreatesEveryCatalogResource_AndIsIdempotent()
    {
        var azurite = await Azurite.SharedAsync();
        var options = new StorageOptions { ConnectionString = azurite.ConnectionString };
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var catalog = new StorageCatalog();
        catalog.AddTable($"Prov{suffix}");
        catalog.AddContainer($"prov-{suffix}");
        catalog.AddQueue($"prov-{suffix}");
        var tables = StorageClientFactory.CreateTables(options, null);
        var blobs = StorageClientFactory.CreateBlobs(options, null);
        var queues = StorageClientFactory.CreateQueues(options, null);
        var provisioner = new StorageProvisioner(catalog, tables, blobs, queues, TimeProvider.System, NullLogger<StorageProvisioner>.Instance);

        await provisioner.ProvisionAsync(CancellationToken.None);
        await provisioner.ProvisionAsync(CancellationToken.None);

        Assert.True(await TableExistsAsync(tables, $"Prov{suffix}"));
        var container = blobs.GetBlobContainerClient($"prov-{suffix}");
        Assert.True(await container.ExistsAsync());
        var access = await container.GetAccessPolicyAsync();
        Assert.Equal(PublicAccessType.None, access.Value.BlobPublicAccess);
        Assert.True(await queues.GetQueueClient($"prov-{suffix}").ExistsAsync());
    }

    [Fact]
    public async Task StartAsync_WithStorageDown_StartsAnywayUnprovisioned()
    {
        using var closed = new ClosedPort();
        var deadPort = closed.Port;
        var options = new StorageOptions { ConnectionString = Azurite.ConnectionStringFor(deadPort, deadPort, deadPort) };
        var catalog = new StorageCatalog();
        catalog.AddTable("Unreachable" + Guid.NewGuid().ToString("N")[..8]);
        var provisioner = new StorageProvisioner(
            catalog,
            StorageClientFactory.CreateTables(options, null),
            StorageClientFactory.CreateBlobs(options, null),
            StorageClientFactory.CreateQueues(options, null),
            TimeProvider.System,
            NullLogger<StorageProvisioner>.Instance);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await provisioner.StartAsync(stop.Token);
        Assert.False(provisioner.IsProvisioned);
        await provisioner.StopAsync(CancellationToken.None);
    }

    private static async Task<bool> TableExistsAsync(TableServiceClient tables, string name)
    {
        await foreach (var table in tables.QueryAsync(t => t.Name == name))
        {
            return true;
        }
        return false;
    }
}
