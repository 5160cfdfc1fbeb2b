using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Kfk.Functions.Hosting;

/// <summary><c>Kfk:Hosting:ForwardedHeaders</c>: the reverse proxies trusted when the app runs standalone.</summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>Addresses of proxies whose <c>X-Forwarded-For/-Proto/-Host</c> are applied.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks (CIDR, e.g. <c>10.0.0.0/8</c>) of such proxies.</summary>
    public List<string> KnownNetworks { get; set; } = [];
}

/// <summary>
/// Who may tell the app the client's address, scheme and host (the login lockout counts per client address, links are
/// built from the forwarded scheme and host).
/// <list type="bullet">
/// <item>Under the Functions host (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c> set) only the host itself, on loopback, and only
/// the last <c>X-Forwarded-For</c> entry. The host proxies with YARP's default transforms, which SET
/// <c>X-Forwarded-For</c> to the address the host saw, dropping whatever the client sent; Kestrel listens on
/// 127.0.0.1 only. Configured proxies are ignored there.</item>
/// <item>Standalone, only the configured <see cref="ForwardedHeadersSettings"/>, walking <c>X-Forwarded-For</c> from
/// the right while the hop is a trusted proxy. None configured (the default): the headers are ignored and the
/// client is the peer.</item>
/// </list>
/// </summary>
public static partial class ForwardedHeadersSetup
{
    public const string SectionName = HostingOptions.SectionName + ":ForwardedHeaders";

    public static WebApplicationBuilder ConfigureKfkForwardedHeaders(this WebApplicationBuilder builder, HostingOptions hosting)
    {
        var underFunctionsHost = HostingOptions.IsUnderFunctionsHost(builder.Configuration);
        var proxies = underFunctionsHost ? [IPAddress.Loopback, IPAddress.IPv6Loopback] : Parse<IPAddress>(hosting.ForwardedHeaders.KnownProxies, "KnownProxies", "an IP address", IPAddress.TryParse);
        var networks = underFunctionsHost ? [] : Parse<IPNetwork>(hosting.ForwardedHeaders.KnownNetworks, "KnownNetworks", "a CIDR network", IPNetwork.TryParse);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            if (proxies.Count == 0 && networks.Count == 0)
            {
                // With both lists empty the middleware would trust every peer; trust none instead.
                options.ForwardedHeaders = ForwardedHeaders.None;
                return;
            }
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = underFunctionsHost ? 1 : null;
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    public static WebApplication UseKfkForwardedHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        if (options.ForwardedHeaders == ForwardedHeaders.None)
        {
            LogTrustsNone(app.Logger);
            return app;
        }
        LogTrusts(app.Logger, string.Join(", ", options.KnownProxies.Select(p => p.ToString()).Concat(options.KnownIPNetworks.Select(n => n.ToString()))));
        app.UseForwardedHeaders();
        return app;
    }

    private delegate bool TryParse<T>(string? text, [NotNullWhen(true)] out T? value);

    private static List<T> Parse<T>(List<string> values, string name, string expected, TryParse<T> tryParse)
    {
        var parsed = new List<T>();
        for (var i = 0; i < values.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                continue;
            }
            if (!tryParse(values[i].Trim(), out var value))
            {
                throw new InvalidOperationException($"{SectionName}:{name}:{i} must be {expected}, got '{values[i]}'.");
            }
            parsed.Add(value);
        }
        return parsed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarded headers are ignored: no trusted proxy (the client is the peer).")]
    private static partial void LogTrustsNone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Forwarded headers are applied from: {Proxies}.")]
    private static partial void LogTrusts(ILogger logger, string proxies);
}
