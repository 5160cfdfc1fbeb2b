using System.Text.RegularExpressions;
using Kfk.Azure.Storage;
using Kfk.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Deployment;

/// <summary>
/// No drift between the app and its deployment: the app starts (options validated at start-up) with exactly the
/// settings infra/bicep/modules/functionapp.bicep gives it, in both Web PubSub auth modes, and the storage module
/// declares every table the app uses.
/// </summary>
public sealed partial class BicepSettingsTests
{
    private static readonly string FunctionApp = File.ReadAllText(RepositoryPaths.Combine("infra", "bicep", "modules", "functionapp.bicep"));

    [Theory]
    [InlineData("accessKeySettings")]
    [InlineData("entraSettings")]
    public async Task TheAppStarts_WithOnlyTheSettingsBicepDeploys(string modeBlock)
    {
        var names = SettingNames("commonSettings").Concat(SettingNames(modeBlock)).ToList();
        Assert.Contains("Kfk__Platform__ApiKey", names);

        await using var app = new BareApp(names.Select(n => n.Replace("__", ":", StringComparison.Ordinal)).ToDictionary(k => k, PlausibleValue));
        using var client = app.CreateClient(); // starts the host: ValidateOnStart throws on a missing or invalid setting
        using var root = await client.GetAsync("/");

        Assert.Equal(System.Net.HttpStatusCode.OK, root.StatusCode);
    }

    [Fact]
    public void WithoutARequiredSetting_TheAppRefusesToStart_SoTheCheckAboveCanFail()
    {
        var names = SettingNames("commonSettings").Concat(SettingNames("accessKeySettings")).Where(n => n != "Kfk__WebPubSub__ConnectionStateKey");

        using var app = new BareApp(names.Select(n => n.Replace("__", ":", StringComparison.Ordinal)).ToDictionary(k => k, PlausibleValue));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());
    }

    [Fact]
    public void TheStorageModule_DeclaresEveryTableTheAppUses()
    {
        var storage = File.ReadAllText(RepositoryPaths.Combine("infra", "bicep", "modules", "storage.bicep"));
        var block = Regex.Match(storage, @"param tables array = \[(?<list>[^\]]*)\]").Groups["list"].Value;
        var declared = Regex.Matches(block, "'([A-Za-z0-9]+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal);
        using var app = new KfkApp("UseDevelopmentStorage=true");

        var used = app.Services.GetRequiredService<StorageCatalog>().Tables.Order(StringComparer.Ordinal);

        Assert.Equal(used, declared);
    }

    private static List<string> SettingNames(string block)
    {
        var body = Regex.Match(FunctionApp, $@"var {block} = \{{\r?\n(?<body>.*?)\r?\n\}}", RegexOptions.Singleline).Groups["body"].Value;
        var names = SettingLine().Matches(body).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(names);
        return names;
    }

    /// <summary>A value of the right shape for each setting the template sets (the template computes the real ones).</summary>
    private static string? PlausibleValue(string key) => key switch
    {
        "Kfk:WebPubSub:ConnectionString" => "Endpoint=https://wps-kfk.webpubsub.azure.com;AccessKey=ZHJpZnQtY2hlY2stYWNjZXNzLWtleS0wMDAwMDAwMDA=;Version=1.0;",
        "Kfk:WebPubSub:SecondaryAccessKey" => "ZHJpZnQtY2hlY2stc2Vjb25kYXJ5LWtleS0wMDAwMDA=",
        "Kfk:WebPubSub:Endpoint" => "https://wps-kfk.webpubsub.azure.com",
        "Kfk:WebPubSub:EventHandlerAudience" => "api://kfk-event-handler",
        "Kfk:Media:PublicBaseUrl" => "https://func-kfk.azurewebsites.net",
        "Kfk:Media:Container" => "media",
        "Kfk:Storage:EndpointSuffix" => "core.windows.net",
        "Kfk:Storage:AccountName" or "AzureWebJobsStorage:accountName" => "stkfkdriftcheck",
        "Kfk:Diagnostics:Enabled" => "false",
        "Kfk:Disputes:Sla" => "1.12:00:00",
        "Kfk:Platform:TimeZone" => "Asia/Shanghai",
        // The app exports telemetry when it is set: a closed local port, so the check reaches nothing outside.
        "APPLICATIONINSIGHTS_CONNECTION_STRING" => "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/;LiveEndpoint=http://127.0.0.1:9/",
        _ when key.EndsWith("ClientId", StringComparison.Ordinal) || key.EndsWith("clientId", StringComparison.Ordinal) || key.EndsWith("TenantId", StringComparison.Ordinal)
            => "00000000-0000-0000-0000-000000000001",
        _ => "drift-check-value-0123456789abcdefghijklmnop",
    };

    [GeneratedRegex(@"^\s+([A-Za-z0-9_]+):", RegexOptions.Multiline)]
    private static partial Regex SettingLine();

    /// <summary>The app with nothing but the given settings (no test defaults).</summary>
    private sealed class BareApp(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
