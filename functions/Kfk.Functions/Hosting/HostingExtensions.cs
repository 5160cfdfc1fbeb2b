using System.Text.Json;
using System.Text.Json.Serialization;
using Kfk.Functions.Auth;

namespace Kfk.Functions.Hosting;

public static class HostingExtensions
{
    /// <summary>Kestrel binding, forwarded headers, JSON conventions, ProblemDetails, authentication and authorization.</summary>
    public static WebApplicationBuilder ConfigureKfkHosting(this WebApplicationBuilder builder)
    {
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>() ?? new HostingOptions();
        var listenUrl = HostingOptions.ResolveListenUrl(
            builder.Configuration[HostingOptions.CustomHandlerPortVariable], hosting.Url);
        builder.WebHost.UseUrls(listenUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = hosting.MaxRequestBodyBytes);

        builder.ConfigureKfkForwardedHeaders(hosting);
        builder.ConfigureKfkCors(hosting);

        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.AllowDuplicateProperties = false;
            // Generated metadata only, also under the JIT: a body or result type missing from ApiJsonContext fails in the
            // tests as it would in the native app (where reflection-based JSON is off). The framework appends its own
            // ProblemDetails context after this one.
            options.SerializerOptions.TypeInfoResolver = ApiJsonContext.Default;
        });
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = Problems.AddStandardExtensions);
        // The default throws only in Development, where the exception then became a 500. Throwing everywhere gives one
        // behaviour, and the exception names the parameter and the JSON path that BadRequestProblems reports.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestProblems>();
        builder.Services.AddExceptionHandler<ContentionProblems>();
        // The schemes and policies of the authorization step UseKfkHosting puts in the pipeline.
        builder.Services.AddKfkAuthentication();
        return builder;
    }

    public static WebApplication UseKfkHosting(this WebApplication app)
    {
        app.UseKfkForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseKfkCors();
        // After routing, before any endpoint binds its input: the endpoint's policy (Auth/KfkPolicies) refuses callers
        // it does not admit, so a 401 never waits for a body.
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
