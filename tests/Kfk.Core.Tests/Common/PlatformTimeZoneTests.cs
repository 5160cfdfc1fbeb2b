using System.ComponentModel.DataAnnotations;
using Kfk.Core.Common;

namespace Kfk.Core.Tests.Common;

public sealed class PlatformTimeZoneTests
{
    private static readonly DateTimeOffset Instant = new(2031, 5, 17, 3, 21, 9, TimeSpan.Zero);

    [Fact]
    public void Format_WritesTheInstantAsTheZonesWallClock()
    {
        var tokyo = PlatformTimeZone.Of(new PlatformTimeZoneOptions { TimeZone = "Asia/Tokyo" });

        Assert.Equal("2031-05-17 12:21:09", tokyo.Format(Instant));
        Assert.Equal("2031-05-17 11:21:09", PlatformTimeZone.ChinaStandardTime.Format(Instant));
    }

    [Fact]
    public void Options_DefaultToChinaStandardTime()
    {
        var options = new PlatformTimeZoneOptions();

        Assert.Equal("Asia/Shanghai", options.TimeZone);
        Assert.Empty(Validate(options));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData("../../etc/passwd")]
    public void Options_WithAnUnknownZone_FailValidationNamingTheSetting(string zone)
    {
        var error = Assert.Single(Validate(new PlatformTimeZoneOptions { TimeZone = zone }));

        Assert.Contains("Kfk:Platform:TimeZone", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(PlatformTimeZone.Find(zone));
    }

    private static List<ValidationResult> Validate(PlatformTimeZoneOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
