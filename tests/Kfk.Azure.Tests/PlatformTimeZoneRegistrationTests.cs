using Kfk.Core.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Tests;

/// <summary><c>Kfk:Platform:TimeZone</c> as the app reads it, with <c>Kfk:Disputes:TimeZone</c> as its deprecated name.</summary>
public sealed class PlatformTimeZoneRegistrationTests
{
    [Fact]
    public void WithoutASetting_TheZoneIsChinaStandardTime()
    {
        Assert.Equal("Asia/Shanghai", ZoneFrom([]).Zone.Id);
    }

    [Fact]
    public void TheSetting_ChoosesTheZone()
    {
        Assert.Equal("Asia/Tokyo", ZoneFrom(new() { ["Kfk:Platform:TimeZone"] = "Asia/Tokyo" }).Zone.Id);
    }

    [Fact]
    public void TheDeprecatedName_IsReadOnlyWhenTheSettingIsAbsent()
    {
        Assert.Equal("Asia/Tokyo", ZoneFrom(new() { ["Kfk:Disputes:TimeZone"] = "Asia/Tokyo" }).Zone.Id);
        Assert.Equal("Europe/Berlin", ZoneFrom(new() { ["Kfk:Disputes:TimeZone"] = "Asia/Tokyo", ["Kfk:Platform:TimeZone"] = "Europe/Berlin" }).Zone.Id);
    }

    [Fact]
    public void AnUnknownZone_FailsValidationNamingTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ZoneFrom(new() { ["Kfk:Platform:TimeZone"] = "Mars/Olympus_Mons" }));

        Assert.Contains("Kfk:Platform:TimeZone 'Mars/Olympus_Mons'", error.Message, StringComparison.Ordinal);
    }

    private static PlatformTimeZone ZoneFrom(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddKfkPlatformTimeZone();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<PlatformTimeZone>();
    }
}
