using Azure.Data.Tables;
using Kfk.Azure.Presence;
using Kfk.Core.Presence;
using Kfk.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Azure.Tests.Presence;

/// <summary>Presence rows are leases (Azurite): a connection whose <c>disconnected</c> never arrived is offline when its lease ends.</summary>
public sealed class TablePresenceStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _identity = "user:" + Random.Shared.NextInt64(1_000, 1_000_000_000);

    [Fact]
    public async Task AConnectionNeverDisconnected_IsOfflineOnceItsLeaseEnds_AndItsRowIsDeleted()
    {
        var (store, table) = await StoreAsync();
        await store.AddConnectionAsync("likeshop", _identity, "ghost", CancellationToken.None);
        Assert.True(await store.IsOnlineAsync("likeshop", _identity, CancellationToken.None));

        _time.Advance(PresenceLease.Duration + TimeSpan.FromSeconds(1));

        Assert.False(await store.IsOnlineAsync("likeshop", _identity, CancellationToken.None));
        Assert.Empty(await store.OnlineAmongAsync("likeshop", [_identity], CancellationToken.None));
        Assert.Empty(table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"likeshop|" + _identity}")));
    }

    [Fact]
    public async Task ARenewedConnection_StaysOnline_WhileAnUnrenewedOneOfTheSameIdentityEnds()
    {
        var (store, _) = await StoreAsync();
        await store.AddConnectionAsync("likeshop", _identity, "phone", CancellationToken.None);
        await store.AddConnectionAsync("likeshop", _identity, "tablet", CancellationToken.None);

        _time.Advance(PresenceLease.RenewAfter);
        await store.AddConnectionAsync("likeshop", _identity, "phone", CancellationToken.None); // traffic renews the phone only
        _time.Advance(PresenceLease.Duration - PresenceLease.RenewAfter + TimeSpan.FromSeconds(1));

        Assert.True(await store.IsOnlineAsync("likeshop", _identity, CancellationToken.None));
        Assert.Equal(0, await store.RemoveConnectionAsync("likeshop", _identity, "phone", CancellationToken.None)); // the tablet's lease ended
    }

    private async Task<(TablePresenceStore Store, TableClient Table)> StoreAsync()
    {
        var tables = new TableServiceClient((await Azurite.SharedAsync()).ConnectionString);
        await tables.GetTableClient(TablePresenceStore.TableName).CreateIfNotExistsAsync();
        return (new TablePresenceStore(tables, _time), tables.GetTableClient(TablePresenceStore.TableName));
    }
}
