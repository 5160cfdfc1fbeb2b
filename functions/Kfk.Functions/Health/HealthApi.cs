using Kfk.Azure.Storage;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Health;

public static class HealthApi
{
    public static RouteHandlerBuilder MapHealth(this IEndpointRouteBuilder api) =>
        api.MapGet("/health", GetHealth)
            .WithName("GetHealth")
            .WithTags("Health")
            .WithSummary("Storage health")
            .WithDescription("Reachability of tables and blobs; 503 when one is down or not yet provisioned.")
            .AllowAnonymous();

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetHealth(
        StorageHealthProbe probe, CancellationToken cancellationToken)
    {
        var health = await probe.CheckAsync(cancellationToken);
        var body = new HealthResponse(
            health.IsHealthy ? "healthy" : "unhealthy",
            new StorageHealthResponse(Status(health.Tables), Status(health.Blobs), health.Provisioned));
        return health.IsHealthy
            ? TypedResults.Ok(body)
            : TypedResults.Json(body, ApiJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static string Status(bool reachable) => reachable ? "reachable" : "unreachable";
}

public sealed record HealthResponse(string Status, StorageHealthResponse Storage);

public sealed record StorageHealthResponse(string Tables, string Blobs, bool Provisioned);
