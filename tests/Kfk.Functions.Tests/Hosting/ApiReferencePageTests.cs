using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kfk.Testing;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>The Scalar reference page as configured for this API: no vendor buttons, AI chat, MCP or telemetry, the
/// key schemes offered in the authentication panel, system fonts only, and no URL outside the app.</summary>
public sealed partial class ApiReferencePageTests
{
    [Fact]
    public async Task ReferencePage_HidesVendorButtons_OffersTheKeyForAuthentication_AndLoadsNothingFromOutside()
    {
        await using var app = await KfkApp.WithAzuriteAsync();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/v1/reference/");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var configuration = JsonDocument.Parse(ScalarConfiguration().Match(page).Groups["json"].Value);
        var options = configuration.RootElement;
        Assert.Equal("never", options.GetProperty("showDeveloperTools").GetString());
        Assert.True(options.GetProperty("hideClientButton").GetBoolean());
        Assert.True(options.GetProperty("agent").GetProperty("disabled").GetBoolean());
        Assert.True(options.GetProperty("mcp").GetProperty("disabled").GetBoolean());
        Assert.False(options.GetProperty("telemetry").GetBoolean());
        Assert.False(options.GetProperty("withDefaultFonts").GetBoolean());
        Assert.Contains("--scalar-font: system-ui", options.GetProperty("customCss").GetString(), StringComparison.Ordinal);
        Assert.Equal(["PlatformKey", "KfkBearer"],
            options.GetProperty("authentication").GetProperty("preferredSecurityScheme").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain("http://", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", page, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The options object Scalar.AspNetCore passes to <c>initialize(basePath, isDevelopment, options, …)</c>.</summary>
    [GeneratedRegex(@"initialize\(\s*'[^']*',\s*(?:true|false),\s*(?<json>\{.*\}),\s*'", RegexOptions.Singleline)]
    private static partial Regex ScalarConfiguration();
}
