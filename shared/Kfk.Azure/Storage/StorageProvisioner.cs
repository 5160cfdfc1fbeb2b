using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kfk.Azure.Storage;

/// <summary>
/// Creates every table, container and queue of the <see cref="StorageCatalog"/>, idempotently, in the background: the
/// app listens at once (nothing waits for storage before the first request), and when storage is unreachable or
/// refuses, provisioning retries with back-off and never stops the host. <c>/api/v1/health</c> reports 503 until it
/// has succeeded.
/// </summary>
public sealed partial class StorageProvisioner(
    StorageCatalog catalog,
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    TimeProvider time,
    ILogger<StorageProvisioner> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource _provisioned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsProvisioned => _provisioned.Task.IsCompletedSuccessfully;

    /// <summary>Completes when every resource exists.</summary>
    public Task Provisioned => _provisioned.Task;

    /// <summary>Completes when the first attempt has ended, whether it succeeded or not (tests wait for it).</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // never on the host's start path
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ProvisionAsync(stoppingToken);
                _provisioned.TrySetResult();
                _firstAttempt.TrySetResult();
                LogProvisioned(logger);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever the failure (unreachable, refused, throttled, a bug), the host keeps serving and health says 503.
                var failure = StorageFailure.Of(ex);
                LogProvisioningDeferred(logger, ex, failure.Status, failure.ErrorCode, failure.Hint, delay.TotalSeconds);
                _firstAttempt.TrySetResult();
            }
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, MaxRetryDelay.TotalSeconds));
        }
        _firstAttempt.TrySetResult();
    }

    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        foreach (var table in catalog.Tables)
        {
            await CreateTableAsync(table, cancellationToken);
        }
        foreach (var container in catalog.Containers)
        {
            // Private: media is served through short-lived signed URLs, never anonymously.
            await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        foreach (var queue in catalog.Queues)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// <c>CreateTableAsync</c>, not <c>CreateTableIfNotExistsAsync</c>: the latter serializes its request body by reflection
    /// (an anonymous type), which Native AOT cannot do; the former uses the SDK's generated model. 409 = it exists.
    /// </summary>
    private async Task CreateTableAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            await tables.CreateTableAsync(table, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == TableErrorCode.TableAlreadyExists.ToString())
        {
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Storage provisioning failed with {Status} {ErrorCode}: {Hint}. Retrying in {RetrySeconds} s; health is 503 until then")]
    private static partial void LogProvisioningDeferred(ILogger logger, Exception exception, int status, string errorCode, string hint, double retrySeconds);

    [LoggerMessage(2, LogLevel.Information, "Storage provisioned")]
    private static partial void LogProvisioned(ILogger logger);
}
