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
        }).AddKfkSecurity().AddKfkConventions().AddKfkRequestSchemas().AddKfkExamples());

    /// <summary>System fonts: the page never fetches from the internet (Scalar's default fonts come from its CDN).</summary>
    private const string SystemFonts =
        ":root { --scalar-font: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'PingFang SC', 'Microsoft YaHei', sans-serif; " +
        "--scalar-font-code: ui-monospace, 'SFMono-Regular', Menlo, Consolas, 'Noto Sans Mono', monospace; }";

    /// <summary>
    /// The OpenAPI document and a browsable reference page (Scalar, served from the app itself): this API only, no vendor
    /// buttons or AI chat, the platform key (or a token) entered in the authentication panel, nothing loaded from outside.
    /// </summary>
    public static WebApplication MapKfkOpenApi(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(ReferencePath, options => options
            .WithTitle("Kfk platform API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes(KfkSchemes.PlatformKey, KfkSchemes.Bearer)
            .HideDeveloperTools()
            .HideClientButton()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts()
            .WithCustomCss(SystemFonts)).AllowAnonymous();
        return app;
    }
}
