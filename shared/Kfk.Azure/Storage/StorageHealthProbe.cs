using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Kfk.Azure.Storage;

public sealed record StorageHealth(bool Tables, bool Blobs, bool Provisioned)
{
    public bool IsHealthy => Tables && Blobs && Provisioned;
}

/// <summary>
/// Checks that each storage service answers, with one cheap listing call each (allowed by the data-plane
/// roles the managed identity holds). Each probe is bounded by <see cref="ProbeTimeout"/>.
/// </summary>
public sealed class StorageHealthProbe(
    TableServiceClient tables,
    BlobServiceClient blobs,
    StorageProvisioner provisioner)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var tablesUp = ProbeAsync(ct => FirstPageAsync(tables.QueryAsync(maxPerPage: 1, cancellationToken: ct), ct), cancellationToken);
        var blobsUp = ProbeAsync(ct => FirstPageAsync(blobs.GetBlobContainersAsync(cancellationToken: ct), ct), cancellationToken);
        await Task.WhenAll(tablesUp, blobsUp);
        return new StorageHealth(tablesUp.Result, blobsUp.Result, provisioner.IsProvisioned);
    }

    private static async Task FirstPageAsync<T>(global::Azure.AsyncPageable<T> listing, CancellationToken cancellationToken)
        where T : notnull
    {
        await foreach (var _ in listing.AsPages(pageSizeHint: 1).WithCancellation(cancellationToken))
        {
            return;
        }
    }

    private static async Task<bool> ProbeAsync(Func<CancellationToken, Task> probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await probe(timeout.Token);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
