using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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

    public static async Task<KfkApp> WithAzuriteAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        new((await Azurite.SharedAsync()).ConnectionString, settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Kfk:Storage:ConnectionString", storageConnectionString);
        builder.UseSetting("Kfk:Platform:ApiKey", ApiKey);
        builder.UseSetting("Kfk:WebPubSub:ConnectionString", $"Endpoint=http://127.0.0.1:{UnusedGatewayPort};AccessKey={GatewayAccessKey};Version=1.0;");
        builder.UseSetting("Kfk:WebPubSub:ConnectionStateKey", "test-connection-state-key-0123456789abcdef");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            configureServices?.Invoke(services);
        });
    }
}
