using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Kfk.Azure.Storage;

public sealed record StorageHealth(bool Tables, bool Blobs, bool Queues, bool Provisioned)
{
    public bool IsHealthy => Tables && Blobs && Queues && Provisioned;
}

/// <summary>
/// Checks that each storage service answers, with one cheap listing call each (allowed by the data-plane
/// roles the managed identity holds). Each probe is bounded by <see cref="ProbeTimeout"/>.
/// </summary>
public sealed class StorageHealthProbe(
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    StorageProvisioner provisioner)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken)
    {
        var tablesUp = ProbeAsync(async ct =>
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }
        }, cancellationToken);
        var blobsUp = ProbeAsync(async ct =>
        {
            await foreach (var _ in blobs.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }
        }, cancellationToken);
        var queuesUp = ProbeAsync(async ct =>
        {
            await foreach (var _ in queues.GetQueuesAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }
        }, cancellationToken);
        await Task.WhenAll(tablesUp, blobsUp, queuesUp);
        return new StorageHealth(tablesUp.Result, blobsUp.Result, queuesUp.Result, provisioner.IsProvisioned);
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
