using Kfk.Functions.Auth;
using Scalar.AspNetCore;

namespace Kfk.Functions.Hosting;

public static class OpenApiExtensions
{
    public const string DocumentPath = "/api/v1/openapi.json";
    public const string ReferencePath = "/api/v1/reference";

    public static IServiceCollection AddKfkOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Kfk platform API";
            document.Info.Version = "v1";
            document.Info.Description = "The native API that shop platforms integrate with: data upserts, tokens, disputes, realtime negotiation.";
            return Task.CompletedTask;
        }).AddKfkSecurity().AddKfkConventions().AddKfkRequestSchemas());

    /// <summary>The OpenAPI document and a browsable reference page (Scalar, served from the app itself).</summary>
    public static WebApplication MapKfkOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Kfk platform API")
            .WithOpenApiRoutePattern(DocumentPath)).AllowAnonymous();
        return app;
    }
}
