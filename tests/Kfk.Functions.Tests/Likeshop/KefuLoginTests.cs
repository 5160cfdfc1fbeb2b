using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kfk.Core.Agents;
using Kfk.Functions.Hosting;
using Kfk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// <c>POST /kefuapi/account/login</c>: the lockouts per client address (15 in 30 minutes) and per account (30 in 30
/// minutes, from any addresses), where the client address comes from (forwarded headers only from trusted proxies),
/// and malformed bodies (the failure envelope, never a 5xx).
/// </summary>
public sealed class KefuLoginTests
{
    private const string Password = "secret-pass-1";
    private const string WrongPassword = "wrong-pass-1";
    private const string AddressLocked = "密码错误次数过多，请30分钟后再试";
    private const string Refused = "账号或密码错误";
    private static readonly Dictionary<string, string?> UnderFunctionsHost = new() { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071" };

    [Fact]
    public async Task RotatingForwardedFor_FromAPeerNobodyConfigured_DoesNotBypassTheAddressLock()
    {
        // Standalone, loopback is no proxy either: a client on the same machine may write any X-Forwarded-For.
        await using var app = await KfkApp.WithAzuriteAsync();
        var account = await CreateAgentAsync(app);
        var peer = $"127.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

        for (var i = 0; i < 40; i++)
        {
            var answer = await LoginAsync(app, account, WrongPassword, peer, forwardedFor: RandomAddress());
            Assert.Equal(i < AgentService.MaxFailedLoginsPerAddress ? Refused : AddressLocked, answer.Msg);
        }
        var right = await LoginAsync(app, account, Password, peer, forwardedFor: RandomAddress());

        Assert.Equal(0, right.Code);
        Assert.Equal(AddressLocked, right.Msg);
    }

    [Fact]
    public async Task AccountLock_After30FailuresFromAsManyAddresses_RefusesTheRightPasswordFromAnyAddress()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        var account = await CreateAgentAsync(app);

        await FailFromDistinctAddressesAsync(app, account, AgentService.MaxFailedLoginsPerAccount - 1);
        Assert.Equal(1, (await LoginAsync(app, account, Password, RandomAddress())).Code);
        await FailFromDistinctAddressesAsync(app, account, 1);
        var locked = await LoginAsync(app, account, Password, RandomAddress());
        var lockedAgain = await LoginAsync(app, account, Password, RandomAddress());

        Assert.Equal(0, locked.Code);
        Assert.Equal(Refused, locked.Msg);
        Assert.Equal(0, lockedAgain.Code);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(1, (await LoginAsync(app, account, Password, RandomAddress())).Code);
    }

    [Fact]
    public async Task LockedAccount_AnswersExactlyLikeAWrongPassword_AndLikeAnUnknownAccount()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        var locked = await CreateAgentAsync(app);
        var other = await CreateAgentAsync(app);
        await FailFromDistinctAddressesAsync(app, locked, AgentService.MaxFailedLoginsPerAccount);

        var lockedRightPassword = await LoginAsync(app, locked, Password, RandomAddress());
        var lockedWrongPassword = await LoginAsync(app, locked, WrongPassword, RandomAddress());
        var wrongPassword = await LoginAsync(app, other, WrongPassword, RandomAddress());
        var unknownAccount = await LoginAsync(app, "nobody" + Guid.NewGuid().ToString("N")[..8], Password, RandomAddress());

        Assert.Equal(HttpStatusCode.OK, lockedRightPassword.Status);
        Assert.Equal(Refused, lockedRightPassword.Msg);
        foreach (var same in new[] { lockedWrongPassword, wrongPassword, unknownAccount })
        {
            Assert.Equal(lockedRightPassword.Status, same.Status);
            Assert.Equal(lockedRightPassword.ContentType, same.ContentType);
            Assert.Equal(lockedRightPassword.Body, same.Body);
        }
    }

    [Fact]
    public async Task UnknownAccounts_LockLikeKnownOnes()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        var unknown = "nobody" + Guid.NewGuid().ToString("N")[..8];

        await FailFromDistinctAddressesAsync(app, unknown, AgentService.MaxFailedLoginsPerAccount);
        var created = await CreateAgentAsync(app, unknown);
        var answer = await LoginAsync(app, created, Password, RandomAddress());

        Assert.Equal(Refused, answer.Msg);
    }

    [Fact]
    public async Task UnderTheFunctionsHost_TheHostsForwardedForIsTheClient_PerAddressLockWorks()
    {
        await using var app = await KfkApp.WithAzuriteAsync(UnderFunctionsHost);
        var account = await CreateAgentAsync(app);
        var client = RandomAddress();

        for (var i = 0; i < AgentService.MaxFailedLoginsPerAddress; i++)
        {
            Assert.Equal(Refused, (await LoginAsync(app, account, WrongPassword, "127.0.0.1", forwardedFor: client)).Msg);
        }
        var lockedClient = await LoginAsync(app, account, Password, "127.0.0.1", forwardedFor: client);
        var otherClient = await LoginAsync(app, account, Password, "127.0.0.1", forwardedFor: RandomAddress());

        Assert.Equal(AddressLocked, lockedClient.Msg);
        Assert.Equal(1, otherClient.Code);
    }

    [Fact]
    public async Task UnderTheFunctionsHost_OnlyTheLastForwardedForEntryCounts()
    {
        await using var app = await KfkApp.WithAzuriteAsync(UnderFunctionsHost);
        var account = await CreateAgentAsync(app);
        var client = RandomAddress();

        for (var i = 0; i < AgentService.MaxFailedLoginsPerAddress; i++)
        {
            await LoginAsync(app, account, WrongPassword, "127.0.0.1", forwardedFor: $"{RandomAddress()}, {client}");
        }
        var answer = await LoginAsync(app, account, Password, "127.0.0.1", forwardedFor: $"{RandomAddress()}, {client}");

        Assert.Equal(AddressLocked, answer.Msg);
    }

    [Fact]
    public async Task UnderTheFunctionsHost_ForwardedHeadersFromAnyOtherPeer_AreIgnored()
    {
        await using var app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?>(UnderFunctionsHost)
        {
            ["Kfk:Hosting:ForwardedHeaders:KnownProxies:0"] = "10.20.30.40",
        });
        var account = await CreateAgentAsync(app);
        var peer = RandomAddress();

        for (var i = 0; i < AgentService.MaxFailedLoginsPerAddress; i++)
        {
            await LoginAsync(app, account, WrongPassword, peer, forwardedFor: RandomAddress());
        }
        var answer = await LoginAsync(app, account, Password, peer, forwardedFor: RandomAddress());

        Assert.Equal(AddressLocked, answer.Msg);
        Assert.Equal("https://kfk.example.test/api/v1/health", await HealthLinkAsync(app, "127.0.0.1"));
        Assert.Equal("http://localhost/api/v1/health", await HealthLinkAsync(app, "10.20.30.40"));
    }

    [Fact]
    public async Task Standalone_ForwardedHeadersAreHonouredFromConfiguredProxiesOnly()
    {
        await using var configured = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?>
        {
            ["Kfk:Hosting:ForwardedHeaders:KnownProxies:0"] = "10.20.30.40",
            ["Kfk:Hosting:ForwardedHeaders:KnownNetworks:0"] = "10.99.0.0/16",
        });
        await using var unconfigured = await KfkApp.WithAzuriteAsync();

        Assert.Equal("https://kfk.example.test/api/v1/health", await HealthLinkAsync(configured, "10.20.30.40"));
        Assert.Equal("https://kfk.example.test/api/v1/health", await HealthLinkAsync(configured, "10.99.7.8"));
        Assert.Equal("http://localhost/api/v1/health", await HealthLinkAsync(configured, "10.20.30.41"));
        Assert.Equal("http://localhost/api/v1/health", await HealthLinkAsync(configured, "127.0.0.1"));
        Assert.Equal("http://localhost/api/v1/health", await HealthLinkAsync(unconfigured, "127.0.0.1"));
    }

    [Fact]
    public async Task Standalone_BehindAConfiguredProxy_TheClientIsTheFirstUntrustedHop()
    {
        await using var app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["Kfk:Hosting:ForwardedHeaders:KnownProxies:0"] = "10.20.30.40" });
        var account = await CreateAgentAsync(app);
        var client = RandomAddress();

        for (var i = 0; i < AgentService.MaxFailedLoginsPerAddress; i++)
        {
            // Whatever the client put in front, the proxy appended the address it saw.
            await LoginAsync(app, account, WrongPassword, "10.20.30.40", forwardedFor: $"{RandomAddress()}, {client}");
        }
        var lockedClient = await LoginAsync(app, account, Password, "10.20.30.40", forwardedFor: client);
        var otherClient = await LoginAsync(app, account, Password, "10.20.30.40", forwardedFor: RandomAddress());

        Assert.Equal(AddressLocked, lockedClient.Msg);
        Assert.Equal(1, otherClient.Code);
    }

    [Fact]
    public async Task Ipv6Clients_CountByTheirSlash64()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        var account = await CreateAgentAsync(app);
        var network = $"2001:db8:{Random.Shared.Next(0x10000):x}:{Random.Shared.Next(0x10000):x}";

        for (var i = 0; i < AgentService.MaxFailedLoginsPerAddress; i++)
        {
            await LoginAsync(app, account, WrongPassword, $"{network}::{i + 1:x}");
        }
        var sameNetwork = await LoginAsync(app, account, Password, $"{network}::ffff:1");
        var otherNetwork = await LoginAsync(app, account, Password, $"2001:db8:ffff:{Random.Shared.Next(0x10000):x}::1");

        Assert.Equal(AddressLocked, sameNetwork.Msg);
        Assert.Equal(1, otherNetwork.Code);
    }

    [Theory]
    [InlineData("KnownProxies", "not-an-address")]
    [InlineData("KnownNetworks", "10.0.0.0/99")]
    public void MalformedTrustedProxySetting_StopsTheStart_NamingTheKey(string list, string value)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration[$"Kfk:Hosting:ForwardedHeaders:{list}:0"] = value;
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>()!;

        var error = Assert.Throws<InvalidOperationException>(() => builder.ConfigureKfkForwardedHeaders(hosting));

        Assert.Contains($"Kfk:Hosting:ForwardedHeaders:{list}:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankTrustedProxyEntries_AreIgnored_SoNothingIsTrusted()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["Kfk:Hosting:ForwardedHeaders:KnownProxies:0"] = "";
        builder.Configuration["Kfk:Hosting:ForwardedHeaders:KnownNetworks:0"] = " ";
        var hosting = builder.Configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>()!;
        builder.ConfigureKfkForwardedHeaders(hosting);

        using var app = builder.Build();
        var options = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal(ForwardedHeaders.None, options.ForwardedHeaders);
        Assert.Empty(options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
    }

    [Theory]
    [InlineData("json-duplicate-key")]
    [InlineData("json-lone-surrogate-value")]
    [InlineData("json-lone-surrogate-key")]
    [InlineData("json-invalid-utf8-value")]
    [InlineData("json-invalid-utf8-key")]
    [InlineData("json-deeply-nested")]
    [InlineData("json-13mb")]
    [InlineData("multipart-without-boundary")]
    [InlineData("multipart-truncated")]
    [InlineData("form-200000-fields")]
    [InlineData("form-100-fields")]
    [InlineData("form-13mb")]
    [InlineData("form-13mb-chunked")]
    public async Task MalformedBody_AnswersTheFailureEnvelope(string kind)
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/kefuapi/account/login", MalformedBody(kind));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            new[] { "code:0", "show:1", "msg:参数错误", "data:[]" },
            body.RootElement.EnumerateObject().Select(p => $"{p.Name}:{(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}"));
    }

    [Fact]
    public async Task MultipartLogin_StillWorks()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        var account = await CreateAgentAsync(app);
        using var client = app.CreateClient();
        using var form = new MultipartFormDataContent
        {
            { new StringContent(account), "account" },
            { new StringContent(Password), "password" },
            { new StringContent("1"), "type" },
        };

        using var response = await client.PostAsync("/kefuapi/account/login", form);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("code").GetInt32());
    }

    private static HttpContent MalformedBody(string kind) => kind switch
    {
        "json-duplicate-key" => Json("""{"account":"a","account":"b","password":"x"}"""u8.ToArray()),
        "json-lone-surrogate-value" => Json("""{"account":"\ud800","password":"x"}"""u8.ToArray()),
        "json-lone-surrogate-key" => Json("""{"\udc00":"a","password":"x"}"""u8.ToArray()),
        "json-invalid-utf8-value" => Json([.. "{\"account\":\""u8, 0xC3, 0x28, 0xFF, .. "\",\"password\":\"x\"}"u8]),
        "json-invalid-utf8-key" => Json([.. "{\""u8, 0xFE, .. "\":\"a\",\"password\":\"x\"}"u8]),
        "json-deeply-nested" => Json(Encoding.UTF8.GetBytes("{\"account\":" + new string('[', 100) + new string(']', 100) + "}")),
        "json-13mb" => Json(Encoding.UTF8.GetBytes("{\"account\":\"" + new string('a', 13 * 1024 * 1024) + "\",\"password\":\"x\"}")),
        "multipart-without-boundary" => WithType(new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\na\r\n--x--\r\n"u8.ToArray()), "multipart/form-data"),
        "multipart-truncated" => WithType(new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"account\"\r\n\r\na"u8.ToArray()), "multipart/form-data; boundary=x"),
        "form-200000-fields" => Form(string.Join('&', Enumerable.Range(0, 200_000).Select(i => $"f{i}=1"))),
        "form-100-fields" => Form(string.Join('&', Enumerable.Range(0, 100).Select(i => $"f{i}=1"))),
        "form-13mb" => Form("account=" + new string('a', 13 * 1024 * 1024) + "&password=x"),
        "form-13mb-chunked" => WithType(new StreamContent(new MemoryStream(Encoding.ASCII.GetBytes("account=" + new string('a', 13 * 1024 * 1024)))), "application/x-www-form-urlencoded"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static ByteArrayContent Json(byte[] bytes) => WithType(new ByteArrayContent(bytes), "application/json");

    private static ByteArrayContent Form(string text) => WithType(new ByteArrayContent(Encoding.ASCII.GetBytes(text)), "application/x-www-form-urlencoded");

    private static T WithType<T>(T content, string type)
        where T : HttpContent
    {
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    private static string RandomAddress() => $"10.{Random.Shared.Next(256)}.{Random.Shared.Next(256)}.{Random.Shared.Next(1, 255)}";

    private static async Task FailFromDistinctAddressesAsync(KfkApp app, string account, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var answer = await LoginAsync(app, account, WrongPassword, RandomAddress());
            Assert.Equal(Refused, answer.Msg);
        }
    }

    /// <summary>A shop with online service and an agent in it; the agent's account.</summary>
    private static async Task<string> CreateAgentAsync(KfkApp app, string? account = null)
    {
        account ??= "kefu" + Guid.NewGuid().ToString("N")[..8];
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        using var platform = app.CreateClient();
        platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        using var shop = await platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "店铺" });
        shop.EnsureSuccessStatusCode();
        using var created = await platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = shopId, account, password = Password, nickname = "小王" });
        created.EnsureSuccessStatusCode();
        return account;
    }

    private static async Task<LoginAnswer> LoginAsync(KfkApp app, string account, string password, string peer, string? forwardedFor = null)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/kefuapi/account/login")
        {
            Content = JsonContent.Create(new { account, password, type = 1, client = 5 }),
        };
        request.Headers.Add("X-Test-Remote-Address", peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        using var response = await client.SendAsync(request);
        return new LoginAnswer(response.StatusCode, response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    /// <summary>The root document's health link for a request from <paramref name="peer"/> carrying forwarded scheme and host.</summary>
    private static async Task<string?> HealthLinkAsync(KfkApp app, string peer)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Test-Remote-Address", peer);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "kfk.example.test");
        using var response = await client.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("health").GetString();
    }

    private sealed record LoginAnswer(HttpStatusCode Status, string? ContentType, string Body)
    {
        public int Code
        {
            get
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.GetProperty("code").GetInt32();
            }
        }

        public string? Msg
        {
            get
            {
                using var json = JsonDocument.Parse(Body);
                return json.RootElement.GetProperty("msg").GetString();
            }
        }
    }
}
