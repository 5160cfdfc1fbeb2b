using Azure.Monitor.OpenTelemetry.Exporter;
using Kfk.Azure.Storage;
using Kfk.Azure.WebPubSub;
using Kfk.Core.Realtime;
using Kfk.Functions.Hosting;
using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kfk.Functions.Observability;

/// <summary>
/// Logs and OpenTelemetry. Logs: Kfk's own at Information, the frameworks' at Warning, unless <c>Logging:LogLevel</c>
/// says otherwise; one JSON object per line under the Functions host (which forwards the custom handler's output).
/// Telemetry goes to Azure Monitor (Application Insights) when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (both when both are), and nowhere otherwise (nothing is even collected):
/// traces of requests, outgoing HTTP (the Web PubSub REST client) and the Azure SDK (tables, blobs), Kfk's spans and
/// meters, and the logs, correlated with the traces.
/// </summary>
public static class ObservabilityExtensions
{
    public const string AzureMonitorVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Defaults below every configuration source: <c>Logging__LogLevel__Microsoft=Information</c> still wins.</summary>
    public static readonly IReadOnlyDictionary<string, string?> LogLevelDefaults = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging:LogLevel:System"] = "Warning",
        ["Logging:LogLevel:Azure"] = "Warning",
        ["Logging:LogLevel:OpenTelemetry"] = "Warning",
    };

    public static WebApplicationBuilder AddKfkObservability(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LogLevelDefaults });
        builder.Services.AddSingleton<BusinessEvents>();
        if (HostingOptions.IsUnderFunctionsHost(builder.Configuration))
        {
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true; // carries the TraceId and SpanId of the request
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        var azureMonitor = builder.Configuration[AzureMonitorVariable];
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (string.IsNullOrWhiteSpace(azureMonitor) && !otlp)
        {
            return builder;
        }
        // The Azure SDK clients open activities only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? "kfk-functions"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Azure.*", KfkTracing.SourceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(StorageMetrics.Meter.Name, WebPubSubRestClient.Meter.Name, RealtimeMetrics.MeterName))
            .WithLogging(configureBuilder: null, configureOptions: logging => logging.IncludeFormattedMessage = true);
        if (!string.IsNullOrWhiteSpace(azureMonitor))
        {
            // The exporter, not the Azure.Monitor.OpenTelemetry.AspNetCore distro: the distro has trim and AOT warnings.
            telemetry.UseAzureMonitorExporter(options => options.ConnectionString = azureMonitor);
        }
        if (otlp)
        {
            telemetry.UseOtlpExporter();
        }
        return builder;
    }
}
