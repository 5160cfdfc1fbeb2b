using System.Net.Http.Json;
using System.Net.WebSockets;
using Kfk.Azure.WebPubSub;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Observability;

/// <summary>
/// A demo-like session, run once for the observability tests: the app and the gateway on real sockets with an OTLP
/// endpoint configured (an in-test collector) and, alongside, an in-memory span exporter and a log capture. The platform
/// creates a shop, a buyer and an agent; the agent signs in; both connect; the buyer writes, the agent answers; a frame
/// is refused; a forged token is refused at connect; the agent is disabled. Then every provider is flushed.
/// </summary>
public sealed class ChatSession : IAsyncLifetime
{
    public const string Collection = "chat session with telemetry";
    public const string Password = "secret-pass-1";

    public ActivityLog Spans { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public OtlpCollector Collector { get; private set; } = null!;

    public RealtimeStack Stack { get; private set; } = null!;

    public long ShopId { get; } = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public long UserId { get; } = Random.Shared.NextInt64(1_000, 1_000_000_000);

    public long KefuId { get; private set; }

    public string UserToken { get; private set; } = "";

    public string KefuToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Collector = await OtlpCollector.StartAsync();
        Stack = await RealtimeStack.StartAsync(["likeshop"], services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));
        }, appSettings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "kfk-observability-test",
        });
        using var platform = Stack.PlatformClient();
        (await platform.PutAsJsonAsync($"/api/v1/shops/{ShopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await platform.PutAsJsonAsync($"/api/v1/users/{UserId}", new { nickname = "Jason" })).EnsureSuccessStatusCode();
        (KefuId, KefuToken) = await CreateKefuAsync(platform, ShopId, "客服小王");
        UserToken = await UserTokenAsync(platform, UserId, 6);

        using (var user = await ConnectAsync(Stack, $"?token={UserToken}&type=user&client=6&shop_id={ShopId}"))
        using (var kefu = await ConnectAsync(Stack, $"?token={KefuToken}&type=kefu&client=5&shop_id={ShopId}"))
        {
            await SkipGreetingAsync(user, kefu);
            await SendAsync(user, new { @event = "chat", data = new { msg = "你好，在吗？", msg_type = 1, to_id = KefuId, to_type = "kefu" } });
            await ReceiveJsonAsync(user);
            await ReceiveJsonAsync(kefu);
            await SendAsync(kefu, new { @event = "chat", data = new { msg = "您好，请问有什么可以帮您？", msg_type = 1, to_id = UserId, to_type = "user" } });
            await ReceiveJsonAsync(kefu);
            await ReceiveJsonAsync(user);
            await SendAsync(user, new { @event = "chat", data = new { msg = "x", msg_type = 9, to_id = KefuId, to_type = "kefu" } });
            Assert.Equal("error", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
            await user.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        using (var forged = new ClientWebSocket())
        {
            await Assert.ThrowsAsync<WebSocketException>(() => forged.ConnectAsync(Stack.ClientUrl("likeshop", $"?token=kfk_forged&type=user&client=6&shop_id={ShopId}"), CancellationToken.None));
        }
        (await platform.PatchAsJsonAsync($"/api/v1/kefu/{KefuId}", new { disabled = true })).EnsureSuccessStatusCode();

        var services = Stack.App.Services;
        services.GetRequiredService<TracerProvider>().ForceFlush();
        services.GetRequiredService<MeterProvider>().ForceFlush();
        services.GetRequiredService<LoggerProvider>().ForceFlush();
    }

    /// <summary>What must never appear in a log: every credential the session used.</summary>
    public IEnumerable<(string What, string Value)> Secrets() =>
    [
        ("platform API key", KfkApp.ApiKey),
        ("Web PubSub access key", RealtimeStack.PrimaryKey),
        ("connection-state key", "test-connection-state-key-0123456789abcdef"),
        ("storage account key", Azurite.AccountKey),
        ("buyer token", UserToken),
        ("kefu session token", KefuToken),
        ("kefu password", Password),
        ("a JWT (Web PubSub REST or client token)", "eyJ"),
        ("an Authorization header", "Bearer "),
        ("a SharedKey signature", "SharedKey"),
        ("the REST client's token type", WebPubSubRestClient.ApiVersion + "&token"),
    ];

    public async Task DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Collector.DisposeAsync();
    }
}

[CollectionDefinition(ChatSession.Collection)]
public sealed class ChatSessionCollection : ICollectionFixture<ChatSession>;
