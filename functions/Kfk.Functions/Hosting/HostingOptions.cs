namespace Kfk.Functions.Hosting;

public sealed class HostingOptions
{
    public const string SectionName = "Kfk:Hosting";

    /// <summary>The Functions host sets this to the port it expects the custom handler on (always on 127.0.0.1).</summary>
    public const string CustomHandlerPortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Where the app listens when it runs standalone (not under the Functions host).</summary>
    public string Url { get; set; } = DefaultUrl;

    /// <summary>Largest request body accepted (uploads included).</summary>
    public long MaxRequestBodyBytes { get; set; } = 12 * 1024 * 1024;

    /// <summary>Origins of shop pages allowed to call Kfk from the browser, standalone only (see <see cref="CorsSetup"/>).</summary>
    public string[] CorsAllowedOrigins { get; set; } = [];

    /// <summary>The reverse proxies trusted standalone (see <see cref="ForwardedHeadersSetup"/>).</summary>
    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>True when the Functions host runs the app (it sets <see cref="CustomHandlerPortVariable"/>).</summary>
    public static bool IsUnderFunctionsHost(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[CustomHandlerPortVariable]);

    /// <summary>The URL Kestrel binds: the Functions host's port when present, else <see cref="Url"/>.</summary>
    public static string ResolveListenUrl(string? customHandlerPort, string configuredUrl)
    {
        if (string.IsNullOrWhiteSpace(customHandlerPort))
        {
            return configuredUrl;
        }
        if (!int.TryParse(customHandlerPort, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{CustomHandlerPortVariable} must be a TCP port, got '{customHandlerPort}'.");
        }
        return $"http://127.0.0.1:{port}";
    }
}
