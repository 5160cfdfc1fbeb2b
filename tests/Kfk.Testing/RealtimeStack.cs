using Kfk.Azure.WebPubSub;
using Kfk.Core.Realtime;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Testing;

/// <summary>
/// The Kfk app and the local gateway, both on real Kestrel sockets on 127.0.0.1, wired to each other as in
/// ./run.sh: clients open real WebSockets on the gateway, which calls the app's event handler, which calls the
/// gateway's REST API.
/// </summary>
public sealed class RealtimeStack : IAsyncDisposable
{
    public const string PrimaryKey = "gateway-primary-key-0123456789ABCDEFGHIJ=";
    public const string SecondaryKey = "gateway-secondary-key-0123456789ABCDEFGH=";

    private RealtimeStack(KfkApp app, GatewayApp gateway, int appPort, int gatewayPort)
    {
        App = app;
        Gateway = gateway;
        AppPort = appPort;
        GatewayPort = gatewayPort;
    }

    public KfkApp App { get; }

    public GatewayApp Gateway { get; }

    public int AppPort { get; }

    public int GatewayPort { get; }

    public Uri ClientUrl(string hub, string query = "") => new($"ws://127.0.0.1:{GatewayPort}/client/hubs/{hub}{query}");

    public Uri AppUrl(string path) => new($"http://127.0.0.1:{AppPort}{path}");

    /// <summary>An HTTP client of the app over its socket, authenticated as the platform (<c>X-Kfk-Api-Key</c>).</summary>
    public HttpClient PlatformClient()
    {
        var http = new HttpClient { BaseAddress = AppUrl("/") };
        http.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        return http;
    }

    /// <param name="hubs">The hubs the gateway serves, each pointing at the app's event handler, anonymous connect allowed.</param>
    /// <param name="configureApp">Services to add to the app (test dialects).</param>
    /// <param name="appKeys">The access keys the app knows (primary in its connection string, then a secondary).</param>
    /// <param name="appSettings">More app settings.</param>
    public static async Task<RealtimeStack> StartAsync(string[] hubs, Action<IServiceCollection>? configureApp = null, string[]? appKeys = null,
        IReadOnlyDictionary<string, string?>? appSettings = null)
    {
        var azurite = await Azurite.SharedAsync();
        int appPort = FreePorts.Next(), gatewayPort = FreePorts.Next();
        appKeys ??= [PrimaryKey];
        var settings = new Dictionary<string, string?>(appSettings ?? new Dictionary<string, string?>())
        {
            ["Kfk:WebPubSub:ConnectionString"] = $"Endpoint=http://127.0.0.1:{gatewayPort};AccessKey={appKeys[0]};Version=1.0;",
            ["Kfk:WebPubSub:SecondaryAccessKey"] = appKeys.Length > 1 ? appKeys[1] : null,
            ["Kfk:Hosting:Url"] = $"http://127.0.0.1:{appPort}",
            ["Kfk:Media:PublicBaseUrl"] = $"http://127.0.0.1:{appPort}",
        };
        var gatewaySettings = new Dictionary<string, string?>
        {
            ["Gateway:Port"] = $"{gatewayPort}",
            ["Gateway:Endpoint"] = $"http://127.0.0.1:{gatewayPort}",
            ["Gateway:AccessKeys:0"] = PrimaryKey,
            ["Gateway:AccessKeys:1"] = SecondaryKey,
            ["Gateway:KeepAliveSeconds"] = "20",
        };
        foreach (var hub in hubs)
        {
            gatewaySettings[$"Gateway:Hubs:{hub}:AnonymousConnect"] = "true";
            gatewaySettings[$"Gateway:Hubs:{hub}:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{appPort}/api/webpubsub/hubs/{{hub}}/{{event}}";
            gatewaySettings[$"Gateway:Hubs:{hub}:EventHandlers:0:UserEventPattern"] = "*";
            gatewaySettings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:0"] = "connect";
            gatewaySettings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:1"] = "connected";
            gatewaySettings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:2"] = "disconnected";
        }
        // Tokens cross to the gateway, which checks them against the real clock: the app uses it too here.
        var app = new KfkApp(azurite.ConnectionString, settings, services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IRealtimeHub, WebPubSubRealtimeHub>();
            configureApp?.Invoke(services);
        });
        var gateway = new GatewayApp(gatewaySettings);
        // The apps bind their own configured URLs. UseKestrel(port) would rewrite the server addresses after the
        // minimal-hosting entry point may already have started the server, which fails now and then.
        app.UseKestrel();
        gateway.UseKestrel();
        app.StartServer();
        gateway.StartServer();
        return new RealtimeStack(app, gateway, appPort, gatewayPort);
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await App.DisposeAsync();
    }
}
