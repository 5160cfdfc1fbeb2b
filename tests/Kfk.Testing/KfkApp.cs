using System.Net;
using Microsoft.AspNetCore.Builder;
using Kfk.Azure.Storage;
using Kfk.Core.Realtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Kfk.Testing;

/// <summary>The Kfk app in memory (TestServer), pointed at a storage connection string, with a fake clock.</summary>
public sealed class KfkApp(
    string storageConnectionString,
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-platform-key-0123456789";
    public const string GatewayAccessKey = "test-gateway-access-key-ABCDEFGHIJKLMNOPQRSTUVWXYZ=";

    /// <summary>Tests that need a gateway override Kfk:WebPubSub:ConnectionString; by default nothing listens here.</summary>
    public const int UnusedGatewayPort = 9;

    /// <summary>Starts at a distinctive instant so code that reads the real clock shows up in tests.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2031, 5, 17, 3, 21, 9, TimeSpan.Zero));

    /// <summary>Records deliveries; the realtime stack replaces it with the real Web PubSub client.</summary>
    public InMemoryRealtimeHub Realtime { get; } = new();

    public static async Task<KfkApp> WithAzuriteAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        new((await Azurite.SharedAsync()).ConnectionString, settings);

    /// <summary>
    /// Provisioning runs in the background (the app does not wait for storage before it listens); tests wait for its
    /// first attempt, so a request never races the creation of the tables it needs.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        host.Services.GetRequiredService<StorageProvisioner>().FirstAttempt.WaitAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        return host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Kfk:Storage:ConnectionString", storageConnectionString);
        builder.UseSetting("Kfk:Platform:ApiKey", ApiKey);
        builder.UseSetting("Kfk:WebPubSub:ConnectionString", $"Endpoint=http://127.0.0.1:{UnusedGatewayPort};AccessKey={GatewayAccessKey};Version=1.0;");
        builder.UseSetting("Kfk:WebPubSub:ConnectionStateKey", "test-connection-state-key-0123456789abcdef");
        builder.UseSetting("Kfk:Media:PublicBaseUrl", "http://localhost");
        // The SLA timer would mark every open dispute in the shared Azurite overdue whenever a test moves its fake
        // clock; only the SLA tests turn it on.
        builder.UseSetting("Kfk:Disputes:InProcessSlaTimer", "false");
        // Tests deliver webhooks by posting queue envelopes; only the poller's own tests turn it on.
        builder.UseSetting("Kfk:Webhooks:InProcessPoller", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, TestRemoteAddress>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IRealtimeHub>(Realtime);
            configureServices?.Invoke(services);
        });
    }
}

/// <summary>
/// TestServer leaves the peer address empty; a test names it with <c>X-Test-Remote-Address</c> (per-address rules
/// such as the login lockout need one). Exists only in the test host.
/// </summary>
internal sealed class TestRemoteAddress : IStartupFilter
{
    public const string Header = "X-Test-Remote-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
