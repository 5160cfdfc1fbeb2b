using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kfk.Functions.Health;

public sealed record ProbeResponse(string Status, IReadOnlyDictionary<string, ProbeCheckResponse> Checks);

public sealed record ProbeCheckResponse(string Status, string? Description);

/// <summary>
/// Liveness and readiness with ASP.NET Core health checks. <c>/health/live</c>: the process serves requests (no
/// dependency is called, so a storage outage never gets the instance restarted). <c>/health/ready</c>: storage is
/// provisioned and answers, and Web PubSub accepts our credentials; 503 otherwise, naming the failing check.
/// <c>/health</c> (storage only) keeps its earlier shape. Probes for the platform's monitors, not for API clients: they stay
/// out of the OpenAPI document.
/// </summary>
public static class ProbesApi
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddKfkHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageReadiness>("storage", tags: [ReadyTag])
            .AddCheck<WebPubSubReadiness>("webpubsub", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder api)
    {
        api.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync })
            .ExcludeFromDescription().AllowAnonymous();
        api.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync })
            .ExcludeFromDescription().AllowAnonymous();
        return api;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new ProbeResponse(Status(report.Status), report.Entries.ToDictionary(e => e.Key, e => new ProbeCheckResponse(Status(e.Value.Status), e.Value.Description)));
        return context.Response.WriteAsJsonAsync(body, ApiJsonContext.Default.ProbeResponse, "application/json; charset=utf-8", context.RequestAborted);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
