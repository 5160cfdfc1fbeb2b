using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub;
using Kfk.Core.Realtime;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kfk.Functions.Health;

/// <summary>Storage answers (tables and blobs) and every table and container exists.</summary>
public sealed class StorageReadiness(StorageHealthProbe probe) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await probe.CheckAsync(cancellationToken);
        return health.IsHealthy
            ? HealthCheckResult.Healthy("Tables and blobs answer; every table and container exists.")
            : HealthCheckResult.Unhealthy(
                !health.Tables || !health.Blobs
                    ? $"Storage does not answer (tables {(health.Tables ? "reachable" : "unreachable")}, blobs {(health.Blobs ? "reachable" : "unreachable")})."
                    : "Storage answers but provisioning has not finished (see the log for the status and error code).");
    }
}

/// <summary>
/// Web PubSub accepts our credentials: one authenticated data-plane call that changes nothing (does a group exist; 200
/// and 404 both prove the service took the key or token). 401/403 or no answer within <see cref="ProbeTimeout"/> is unhealthy.
/// </summary>
public sealed class WebPubSubReadiness(WebPubSubRestClient rest) : IHealthCheck
{
    public const string ProbeGroup = "kfk-health-probe";
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            await rest.GroupExistsAsync(HubNames.Likeshop, ProbeGroup, timeout.Token);
            return HealthCheckResult.Healthy("Web PubSub accepts our credentials.");
        }
        catch (WebPubSubRequestException ex)
        {
            return HealthCheckResult.Unhealthy($"Web PubSub answered {(int)ex.Status} {ex.ErrorCode ?? ""}".TrimEnd() + ".");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("Web PubSub does not answer.");
        }
    }
}
