using Kfk.Core.Media;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kfk.Imaging.Tests;

public sealed class AddKfkImagingTests
{
    [Fact]
    public void TheLimits_AreReadFromKfkMedia()
    {
        using var services = Services(new() { ["Kfk:Media:MaxPixels"] = "1000", ["Kfk:Media:ThumbnailSize"] = "200" });

        var options = services.GetRequiredService<ImageOptions>();

        Assert.Equal(1000, options.MaxPixels);
        Assert.Equal(200, options.ThumbnailSize);
        Assert.IsType<ImageProcessor>(services.GetRequiredService<IImageProcessor>());
    }

    [Fact]
    public void OutOfRangeLimits_AreRefusedNamingEachSetting()
    {
        using var services = Services(new()
        {
            ["Kfk:Media:MaxBytes"] = "10",
            ["Kfk:Media:MaxPixels"] = "0",
            ["Kfk:Media:MaxConcurrentDecodes"] = "65",
            ["Kfk:Media:MaxDecodeWait"] = "00:02:00",
            ["Kfk:Media:ThumbnailSize"] = "8",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ImageOptions>());

        Assert.Equal(
        [
            "Kfk:Media:MaxBytes must be between 1 KB and 100 MB.",
            "Kfk:Media:MaxPixels must be between 1 and 250,000,000.",
            "Kfk:Media:MaxConcurrentDecodes must be between 1 and 64.",
            "Kfk:Media:MaxDecodeWait must be between 0 and 1 minute.",
            "Kfk:Media:ThumbnailSize and AvatarSizes must be between 16 and 2048 pixels.",
        ], error.Failures.Select(f => f[(f.IndexOf(':') + 2)..]));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings) => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
        .AddKfkImaging()
        .BuildServiceProvider();
}
