using Kfk.LocalGateway.Clients;
using Kfk.LocalGateway.Configuration;
using Kfk.LocalGateway.Connections;
using Kfk.LocalGateway.Rest;
using Kfk.LocalGateway.Upstream;
using Microsoft.Extensions.Options;

namespace Kfk.LocalGateway;

/// <summary>Entry point; a named class (not top-level statements) so tests can host it next to the Kfk app.</summary>
public sealed class GatewayProgram
{
    public static void Main(string[] args)
    {
        // No reload-on-change: its file watcher covers the whole content root (the repository under ./run.sh).
        var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "gateway.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        builder.Services.Configure<GatewayOptions>(builder.Configuration.GetSection(GatewayOptions.SectionName));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddHttpClient<UpstreamDispatcher>();
        var port = builder.Configuration.GetValue($"{GatewayOptions.SectionName}:Port", 8080);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

        var app = builder.Build();
        var gateway = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (gateway.AccessKeys.Count == 0)
        {
            throw new InvalidOperationException("Gateway:AccessKeys needs at least one key.");
        }
        app.UseWebSockets();
        app.MapGet("/", () => Results.Text($"Kfk local Web PubSub gateway. Hubs: {string.Join(", ", gateway.Hubs.Keys)}.\n"));
        app.MapClientEndpoint();
        app.MapRestApi();
        app.Run();
    }
}
