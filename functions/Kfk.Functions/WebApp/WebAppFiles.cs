using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Kfk.Functions.WebApp;

/// <summary>
/// Serves the built <c>web/</c> (the agent workbench, the buyer widget, the demo shop page) under <c>/app/</c> from the
/// <c>webapp</c> folder beside the app (the build and the publish copy <c>web/dist</c> there; docs in web/README.md).
/// </summary>
public static class WebAppFiles
{
    public const string RequestPath = "/app";
    public const string FolderName = "webapp";

    public static WebApplication UseKfkWebApp(this WebApplication app)
    {
        var root = Path.Combine(AppContext.BaseDirectory, FolderName);
        if (!Directory.Exists(root))
        {
            return app; // web/ not built: /app/ serves nothing
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = RequestPath });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = RequestPath,
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = CacheControl(context.Context.Request.Path),
        });
        return app;
    }

    /// <summary>Hashed assets never change; pages and widget.js (whose URL shops embed) are revalidated on every load.</summary>
    private static string CacheControl(PathString path) =>
        path.StartsWithSegments($"{RequestPath}/assets", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
}
