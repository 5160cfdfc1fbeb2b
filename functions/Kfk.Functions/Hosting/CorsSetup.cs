namespace Kfk.Functions.Hosting;

/// <summary>
/// Cross-origin calls from shop pages on other origins (the buyer widget calls <c>/api/user/chatRecord</c>,
/// <c>/api/file/formimage</c>, <c>/api/v1/negotiate</c> from the shop's page), standalone only:
/// <c>Kfk:Hosting:CorsAllowedOrigins</c>. In Azure the platform answers CORS (Bicep <c>corsAllowedOrigins</c>), so this
/// stays empty there; configured in both places, a response would carry the headers twice. Nothing configured: no
/// CORS headers at all.
/// </summary>
public static class CorsSetup
{
    public static void ConfigureKfkCors(this WebApplicationBuilder builder, HostingOptions hosting)
    {
        if (hosting.CorsAllowedOrigins is not { Length: > 0 } origins)
        {
            return;
        }
        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .AllowAnyHeader()
            .AllowAnyMethod()
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
    }

    /// <summary>Before authentication: a preflight carries no credentials and must not be refused for lacking them.</summary>
    public static void UseKfkCors(this WebApplication app)
    {
        if (app.Services.GetService<Microsoft.AspNetCore.Cors.Infrastructure.ICorsService>() is not null)
        {
            app.UseCors();
        }
    }
}
