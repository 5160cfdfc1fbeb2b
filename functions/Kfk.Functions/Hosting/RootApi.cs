namespace Kfk.Functions.Hosting;

public static class RootApi
{
    /// <summary>
    /// <c>GET /</c>: where to go next. It also answers the Functions host's readiness poll, which accepts any response.
    /// Links are absolute, built from the forwarded scheme and host.
    /// </summary>
    public static IEndpointConventionBuilder MapRoot(this IEndpointRouteBuilder app) =>
        app.MapGet("/", (HttpRequest request) =>
        {
            var origin = $"{request.Scheme}://{request.Host}{request.PathBase}";
            return TypedResults.Ok(new RootDocument(
                "Kfk",
                $"{origin}/api/v1/health",
                $"{origin}{OpenApiExtensions.DocumentPath}",
                $"{origin}{OpenApiExtensions.ReferencePath}"));
        }).ExcludeFromDescription().AllowAnonymous();

    public sealed record RootDocument(string Name, string Health, string Openapi, string Reference);
}
