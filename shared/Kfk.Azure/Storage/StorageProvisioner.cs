using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kfk.Azure.Storage;

/// <summary>
/// Creates every table, container and queue of the <see cref="StorageCatalog"/> at start-up, idempotently.
/// When storage is unreachable the app still starts (the Functions host waits for it) and provisioning retries in
/// the background; <c>/api/v1/health</c> reports 503 until it has succeeded.
/// </summary>
public sealed partial class StorageProvisioner(
    StorageCatalog catalog,
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    TimeProvider time,
    ILogger<StorageProvisioner> logger) : BackgroundService
{
    private static readonly TimeSpan FirstAttemptBudget = TimeSpan.FromSeconds(15);
    private readonly TaskCompletionSource _provisioned = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsProvisioned => _provisioned.Task.IsCompletedSuccessfully;

    /// <summary>Completes when every resource exists.</summary>
    public Task Provisioned => _provisioned.Task;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first attempt runs before the server listens, so a healthy start serves no request before storage exists.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(FirstAttemptBudget);
        try
        {
            await ProvisionAsync(budget.Token);
            _provisioned.TrySetResult();
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException or AuthenticationFailedException)
        {
            LogProvisioningDeferred(logger, ex.GetType().Name);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!IsProvisioned && !stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(delay, time, stoppingToken);
            try
            {
                await ProvisionAsync(stoppingToken);
                _provisioned.TrySetResult();
                LogProvisioned(logger);
            }
            catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException or AuthenticationFailedException)
            {
                LogProvisioningDeferred(logger, ex.GetType().Name);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    public async Task ProvisionAsync(CancellationToken cancellationToken)
    {
        foreach (var table in catalog.Tables)
        {
            await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
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

    [LoggerMessage(1, LogLevel.Warning, "Storage provisioning deferred ({Reason}); retrying in the background")]
    private static partial void LogProvisioningDeferred(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Information, "Storage provisioned")]
    private static partial void LogProvisioned(ILogger logger);
}
