using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kfk.Functions.Tests.Kuaifaka;
using Kfk.Functions.Tests.Likeshop;
using Kfk.Functions.Tests.Media;
using Kfk.Testing;
using Xunit.Abstractions;

namespace Kfk.Functions.Tests.Packaging;

/// <summary>
/// The packaged Native AOT binary (<c>artifacts/scriptroot/app/Kfk.Functions</c>, built by <c>./package.sh</c>, which
/// ./test.sh runs before the tests) as a child process in a folder of its own, against Azurite and the local gateway:
/// data seeded through the platform API, then a likeshop chat (buyer ↔ agent) and a kfk <c>say</c> in a dispute room
/// over real WebSockets. What only the native build can break (generated JSON, binding, trimming) shows up here.
/// </summary>
public sealed class NativePackageRoundTripTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly int _appPort = FreePorts.Next();
    private readonly int _gatewayPort = FreePorts.Next();
    private NativeApp _app = null!;
    private GatewayApp _gateway = null!;
    private HttpClient _platform = null!;

    public async Task InitializeAsync()
    {
        var azurite = await Azurite.SharedAsync();
        _gateway = new GatewayApp(GatewaySettings(_gatewayPort, _appPort, "likeshop", "kfk"));
        _gateway.UseKestrel();
        _gateway.StartServer();
        _app = await NativeApp.StartAsync(_appPort, new Dictionary<string, string>
        {
            ["Kfk__Storage__ConnectionString"] = azurite.ConnectionString,
            ["Kfk__Platform__ApiKey"] = KfkApp.ApiKey,
            ["Kfk__WebPubSub__ConnectionString"] = $"Endpoint=http://127.0.0.1:{_gatewayPort};AccessKey={RealtimeStack.PrimaryKey};Version=1.0;",
            ["Kfk__WebPubSub__ConnectionStateKey"] = "native-connection-state-key-0123456789abcdef",
            ["Kfk__Hosting__Url"] = $"http://127.0.0.1:{_appPort}",
            ["Kfk__Media__PublicBaseUrl"] = $"http://127.0.0.1:{_appPort}",
            ["Kfk__Disputes__InProcessSlaTimer"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        _platform = new HttpClient { BaseAddress = _app.BaseAddress };
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _platform?.Dispose();
        if (_app is not null)
        {
            output.WriteLine("The native app's warnings and errors:\n" + _app.Output());
            await _app.DisposeAsync();
        }
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Likeshop_BuyerAndAgent_ChatBothWays_AndReadTheHistory()
    {
        long shopId = Random.Shared.NextInt64(1_000, 1_000_000_000), userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await _platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "原生小店" })).EnsureSuccessStatusCode();
        (await _platform.PutAsJsonAsync($"/api/v1/users/{userId}", new { nickname = "Jason", avatar = "https://img.example/jason.png" })).EnsureSuccessStatusCode();
        var (kefuId, kefuToken) = await LikeshopWire.CreateKefuAsync(_platform, shopId, "客服小王");
        var userToken = await LikeshopWire.UserTokenAsync(_platform, userId, 6);
        using var buyer = await ConnectAsync("likeshop", $"?token={userToken}&type=user&client=6&shop_id={shopId}");
        using var kefu = await ConnectAsync("likeshop", $"?token={kefuToken}&type=kefu&client=5&shop_id={shopId}");
        await LikeshopWire.SkipGreetingAsync(buyer, kefu);

        await LikeshopWire.SendAsync(buyer, new { @event = "chat", data = new { msg = "你好，在吗？", msg_type = 1, to_id = kefuId, to_type = "kefu" } });
        var echoed = await LikeshopWire.ReceiveJsonAsync(buyer);
        var atKefu = await LikeshopWire.ReceiveJsonAsync(kefu);
        await LikeshopWire.SendAsync(kefu, new { @event = "chat", data = new { msg = "您好，请问有什么可以帮您？", msg_type = 1, to_id = userId, to_type = "user" } });
        var answer = await LikeshopWire.ReceiveJsonAsync(buyer);
        var kefuHistory = await LikeshopWire.KefuGetAsync(_platform, $"/kefuapi/chat/record?user_id={userId}", kefuToken);
        var buyerHistory = await LikeshopWire.KefuGetAsync(_platform, $"/api/user/chatRecord?shop_id={shopId}", userToken);

        Assert.Equal(echoed.GetRawText(), atKefu.GetRawText());
        Assert.Equal("chat", atKefu.GetProperty("event").GetString());
        Assert.Equal("你好，在吗？", atKefu.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(userId, atKefu.GetProperty("data").GetProperty("from_id").GetInt64());
        Assert.Equal("Jason", atKefu.GetProperty("data").GetProperty("from_nickname").GetString());
        Assert.Equal("kefu", answer.GetProperty("data").GetProperty("from_type").GetString());
        Assert.Equal("您好，请问有什么可以帮您？", answer.GetProperty("data").GetProperty("msg").GetString());
        Assert.True(kefuHistory.GetProperty("code").GetInt32() == 1, kefuHistory.GetRawText());
        Assert.Equal(Both, Messages(kefuHistory.GetProperty("data").GetProperty("list")));
        Assert.True(buyerHistory.GetProperty("code").GetInt32() == 1, buyerHistory.GetRawText());
        Assert.Equal(kefuId, buyerHistory.GetProperty("data").GetProperty("kefu").GetProperty("id").GetInt64());
        Assert.Equal(Both, Messages(buyerHistory.GetProperty("data").GetProperty("record").GetProperty("list")));
    }

    [Fact]
    public async Task Kfk_BuyerAndMerchant_SayInADisputeRoom_AndListTheMessages()
    {
        var scenario = await KfkScenario.CreateAsync(_platform);
        using var buyer = await LoggedInAsync(scenario.BuyerToken, "user", scenario.OrderSn);
        using var merchant = await LoggedInAsync(scenario.MerchantToken, "account", scenario.OrderSn);

        await KfkWire.SendAsync(buyer, new { type = "say", data = new { content = "卡密无法兑换", type = "text" } });
        var atMerchant = await KfkWire.ReceiveJsonAsync(merchant);
        await KfkWire.SendAsync(merchant, new { type = "say", data = new { content = "马上处理", type = "text" } });
        var atBuyer = await KfkWire.ReceiveJsonAsync(buyer);
        await KfkWire.SendAsync(buyer, new { type = "msg_list", order_num = scenario.OrderSn, page = 1 });
        var list = await KfkWire.ReceiveJsonAsync(buyer);

        Assert.Equal("success", atMerchant.GetProperty("msg").GetString());
        Assert.Equal("user", atMerchant.GetProperty("from").GetString());
        Assert.Equal("""{"content":"卡密无法兑换","type":"text"}""", atMerchant.GetProperty("data").GetRawText());
        Assert.Equal("account", atBuyer.GetProperty("from").GetString());
        Assert.Equal("马上处理", atBuyer.GetProperty("data").GetProperty("content").GetString());
        Assert.True(list.GetProperty("msg").GetString() == "success", list.GetRawText());
        var newestFirst = list.GetProperty("data").GetProperty("content").GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["马上处理", "卡密无法兑换"], newestFirst.Take(2).Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(["2", "1"], newestFirst.Take(2).Select(m => m.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task NativeApp_ServesTheWebApp_UnderApp_WithoutTheDemoTokenEndpoint()
    {
        using var anonymous = new HttpClient { BaseAddress = _app.BaseAddress };

        using var widget = await anonymous.GetAsync("/app/widget.js");
        using var workbench = await anonymous.GetAsync("/app/workbench/");
        using var demo = await anonymous.GetAsync("/app/demo/");
        using var demoToken = await anonymous.PostAsync("/app/demo/token?user_id=12", null);

        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.Equal("text/javascript", widget.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", widget.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, workbench.StatusCode);
        Assert.Contains("<div id=\"app\">", await workbench.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, demo.StatusCode);
        // Kfk:Demo:Enabled is off: no one can mint buyer tokens through the demo route.
        Assert.NotEqual(HttpStatusCode.OK, demoToken.StatusCode);
    }

    [Fact]
    public async Task NativeApp_ServesTheOpenApiDocument_TheReference_AndStoresAnUpload()
    {
        var userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await _platform.PutAsJsonAsync($"/api/v1/users/{userId}", new { nickname = "上传者" })).EnsureSuccessStatusCode();
        var userToken = await LikeshopWire.UserTokenAsync(_platform, userId);
        using var anonymous = new HttpClient { BaseAddress = _app.BaseAddress };

        using var document = await anonymous.GetAsync("/api/v1/openapi.json");
        using var reference = await anonymous.GetAsync("/api/v1/reference/");
        var mediaUrl = await MediaUploadsClient.UploadAsync(_app.BaseAddress, userToken);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var media = await noRedirect.GetAsync(mediaUrl);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        var openApi = JsonDocument.Parse(await document.Content.ReadAsStringAsync()).RootElement;
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/health", out _), "the document lists /api/v1/health");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Equal("text/html", reference.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(_app.BaseAddress.AbsoluteUri + "media/", mediaUrl, StringComparison.Ordinal);
        Assert.True(media.StatusCode == HttpStatusCode.Redirect, $"GET {mediaUrl} answered {(int)media.StatusCode}, expected a redirect to the signed blob URL");
    }

    private static readonly string[] Both = [.. new[] { "你好，在吗？", "您好，请问有什么可以帮您？" }.Order(StringComparer.Ordinal)];

    /// <summary>The texts of a history page, in a fixed order (the page's own order is tested elsewhere).</summary>
    private static string[] Messages(JsonElement list) =>
        [.. list.EnumerateArray().Select(r => r.GetProperty("msg").GetString()!).Order(StringComparer.Ordinal)];

    private async Task<ClientWebSocket> ConnectAsync(string hub, string query = "")
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri($"ws://127.0.0.1:{_gatewayPort}/client/hubs/{hub}{query}"), CancellationToken.None);
        return client;
    }

    private async Task<ClientWebSocket> LoggedInAsync(string token, string type, string orderSn)
    {
        var client = await ConnectAsync("kfk");
        var reply = await KfkWire.LoginAsync(client, token, type, orderSn);
        Assert.True(reply.GetProperty("msg").GetString() == "login_success", reply.GetRawText());
        return client;
    }

    /// <summary>The gateway's hubs, each sending every event to the app's event handler, as <see cref="RealtimeStack"/> does.</summary>
    private static Dictionary<string, string?> GatewaySettings(int gatewayPort, int appPort, params string[] hubs)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Port"] = $"{gatewayPort}",
            ["Gateway:Endpoint"] = $"http://127.0.0.1:{gatewayPort}",
            ["Gateway:AccessKeys:0"] = RealtimeStack.PrimaryKey,
            ["Gateway:KeepAliveSeconds"] = "20",
        };
        foreach (var hub in hubs)
        {
            settings[$"Gateway:Hubs:{hub}:AnonymousConnect"] = "true";
            settings[$"Gateway:Hubs:{hub}:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{appPort}/api/webpubsub/hubs/{{hub}}/{{event}}";
            settings[$"Gateway:Hubs:{hub}:EventHandlers:0:UserEventPattern"] = "*";
            settings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:0"] = "connect";
            settings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:1"] = "connected";
            settings[$"Gateway:Hubs:{hub}:EventHandlers:0:SystemEvents:2"] = "disconnected";
        }
        return settings;
    }

    /// <summary>
    /// The packaged app folder copied to a fresh temporary folder, which is the process's working directory and content
    /// root (as under the Functions host), started there and stopped (killed) on dispose.
    /// </summary>
    private sealed class NativeApp : IAsyncDisposable
    {
        private static readonly string PackagedApp = RepositoryPaths.Combine("artifacts", "scriptroot", "app");
        private readonly Process _process;
        private readonly DirectoryInfo _folder;
        private readonly StringBuilder _output = new();

        private NativeApp(Process process, DirectoryInfo folder, Uri baseAddress)
        {
            _process = process;
            _folder = folder;
            BaseAddress = baseAddress;
        }

        public Uri BaseAddress { get; }

        public static async Task<NativeApp> StartAsync(int port, IReadOnlyDictionary<string, string> environment)
        {
            var packaged = Path.Combine(PackagedApp, "Kfk.Functions");
            Assert.True(File.Exists(packaged), $"{packaged} is missing: run ./package.sh first (./test.sh does).");
            var folder = Directory.CreateTempSubdirectory("kfk-native-");
            foreach (var file in Directory.EnumerateFiles(PackagedApp, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(folder.FullName, Path.GetRelativePath(PackagedApp, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy); // keeps the executable bit
            }
            var binary = Path.Combine(folder.FullName, "Kfk.Functions");
            var start = new ProcessStartInfo(binary)
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "FUNCTIONS_CUSTOMHANDLER_PORT" })
            {
                start.Environment.Remove(inherited);
            }
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} could not be started.");
            var app = new NativeApp(process, folder, new Uri($"http://127.0.0.1:{port}/"));
            process.OutputDataReceived += (_, e) => app.Record(e.Data);
            process.ErrorDataReceived += (_, e) => app.Record(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await app.WaitUntilHealthyAsync();
            return app;
        }

        /// <summary>Health answers 200 once storage is provisioned (in the background, after the app listens).</summary>
        private async Task WaitUntilHealthyAsync()
        {
            using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var last = "no answer";
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new Xunit.Sdk.XunitException($"The native app exited with code {_process.ExitCode} before it was healthy. Its output:\n{Output()}");
                }
                try
                {
                    using var health = await http.GetAsync("/api/v1/health");
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                    last = $"{(int)health.StatusCode} {await health.Content.ReadAsStringAsync()}";
                }
                catch (HttpRequestException e)
                {
                    last = e.Message;
                }
                await Task.Delay(100);
            }
            throw new Xunit.Sdk.XunitException($"The native app was not healthy within 60 s (last: {last}). Its output:\n{Output()}");
        }

        private void Record(string? line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }

        public string Output()
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            _folder.Delete(recursive: true);
        }
    }
}
