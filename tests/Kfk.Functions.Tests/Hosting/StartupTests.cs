using Kfk.Testing;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Tests.Hosting;

public sealed class StartupTests
{
    [Fact]
    public async Task Start_WithoutPlatformApiKey_FailsNamingTheKey()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Kfk:Platform:ApiKey"] = "" });

        Assert.Contains("Kfk:Platform:ApiKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithBothStorageSources_FailsValidation()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Kfk:Storage:AccountName"] = "kfkstore" });

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

    /// <summary>
    /// The validation error that stops the app. When the entry point fails first, WebApplicationFactory sometimes
    /// reports its own ObjectDisposedException instead (a race inside the factory); then the start is tried again.
    /// </summary>
    private static async Task<OptionsValidationException> StartFailureAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var azurite = await Azurite.SharedAsync();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await using var app = new KfkApp(azurite.ConnectionString, settings);
            var error = Record.Exception(() => app.CreateClient());
            if (error is OptionsValidationException validation)
            {
                return validation;
            }
            Assert.True(error is ObjectDisposedException, $"The app should refuse to start; got {error?.GetType().Name ?? "a running app"}.");
        }
        throw new Xunit.Sdk.XunitException("The start failed five times without reporting the validation error.");
    }
}
