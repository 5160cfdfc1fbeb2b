using Kfk.Testing;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_WithoutPlatformApiKey_FailsNamingTheKey()
    {
        var azurite = await Azurite.SharedAsync();
        await using var app = new KfkApp(azurite.ConnectionString, new Dictionary<string, string?> { ["Kfk:Platform:ApiKey"] = "" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("Kfk:Platform:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithBothStorageSources_FailsValidation()
    {
        var azurite = await Azurite.SharedAsync();
        await using var app = new KfkApp(azurite.ConnectionString, new Dictionary<string, string?> { ["Kfk:Storage:AccountName"] = "kfkstore" });

        var error = Assert.ThrowsAny<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("exactly one", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:7071", "http://127.0.0.1:7071")]
    [InlineData("", "http://127.0.0.1:9000", "http://127.0.0.1:9000")]
    [InlineData("43127", "http://127.0.0.1:7071", "http://127.0.0.1:43127")]
    public void ResolveListenUrl_PrefersTheFunctionsHostPort(string? port, string configured, string expected) =>
        Assert.Equal(expected, Kfk.Functions.Hosting.HostingOptions.ResolveListenUrl(port, configured));

    [Theory]
    [InlineData("seventy")]
    [InlineData("70000")]
    public void ResolveListenUrl_WithMalformedPort_Throws(string port) =>
        Assert.Throws<InvalidOperationException>(() => Kfk.Functions.Hosting.HostingOptions.ResolveListenUrl(port, "http://127.0.0.1:7071"));
}
