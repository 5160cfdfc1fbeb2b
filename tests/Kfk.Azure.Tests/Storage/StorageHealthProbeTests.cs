using Kfk.Azure.Storage;
using Kfk.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kfk.Azure.Tests.Storage;

public sealed class StorageHealthProbeTests
{
    [Fact]
    public async Task Check_AgainstAzurite_ReportsEveryServiceReachable()
    {
        var azurite = await Azurite.SharedAsync();
        var probe = CreateProbe(new StorageOptions { ConnectionString = azurite.ConnectionString }, out var provisioner);
        await provisioner.ProvisionAsync(CancellationToken.None);
        await provisioner.StartAsync(CancellationToken.None);

        var health = await probe.CheckAsync(CancellationToken.None);

        Assert.Equal(new StorageHealth(true, true, true), health);
        Assert.True(health.IsHealthy);
        await provisioner.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Check_WithOnlyTheTableServiceDown_ReportsTablesUnreachable()
    {
        var azurite = await Azurite.SharedAsync();
        using var closed = new ClosedPort();
        var options = new StorageOptions { ConnectionString = Azurite.ConnectionStringFor(azurite.BlobPort, azurite.QueuePort, closed.Port) };
        var probe = CreateProbe(options, out _);

        var health = await probe.CheckAsync(CancellationToken.None);

        Assert.False(health.Tables);
        Assert.True(health.Blobs);
        Assert.False(health.IsHealthy);
    }

    private static StorageHealthProbe CreateProbe(StorageOptions options, out StorageProvisioner provisioner)
    {
        var tables = StorageClientFactory.CreateTables(options, null);
        var blobs = StorageClientFactory.CreateBlobs(options, null);
        provisioner = new StorageProvisioner(new StorageCatalog(), tables, blobs, StorageClientFactory.CreateQueues(options, null), TimeProvider.System, NullLogger<StorageProvisioner>.Instance);
        return new StorageHealthProbe(tables, blobs, provisioner);
    }
}
