using System.Net;
using Kfk.Testing;
using Xunit.Abstractions;

namespace Kfk.Functions.Tests.Media;

[CollectionDefinition(nameof(UploadMemory), DisableParallelization = true)]
public sealed class UploadMemory;

/// <summary>
/// A few bytes whose header declares a giant image, posted to each upload route of the in-process app: refused from
/// the header, before Skia allocates pixels. GC allocations and the peak resident set (which sees Skia's native
/// buffers) are process-wide, so this class runs alone.
/// </summary>
[Collection(nameof(UploadMemory))]
public sealed class UploadMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const long Budget = 64L * 1024 * 1024;
    private readonly string _container = "media-" + Guid.NewGuid().ToString("N")[..12];
    private KfkApp _app = null!;
    private UploadRoutes _routes = null!;

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["Kfk:Media:Container"] = _container });
        _routes = await UploadRoutes.CreateAsync(() => _app.CreateClient());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in UploadRoutes.All)
        {
            foreach (var bomb in new[] { "png 20000x20000", "png 65535x65535", "gif screen 65535x65535", "gif 100x100 x 5000 frames" })
            {
                data.Add(route, bomb);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ADeclaredBomb_IsRefusedAsTooManyPixels_WithinAMemoryBudget(string route, string kind)
    {
        var bomb = kind switch
        {
            "png 20000x20000" => HostileImages.PngDeclaring(20000, 20000),
            "png 65535x65535" => HostileImages.PngDeclaring(65535, 65535),
            "gif screen 65535x65535" => HostileImages.GifDeclaring(65535, 65535),
            _ => HostileImages.GifDeclaring(100, 100, frames: 5000),
        };
        MalformedUploadTests.AssertAccepted(await _routes.PostAsync(route, UploadRoutes.Form(TestImages.Png())), route); // warm: Skia loaded, path compiled

        UploadAnswer? answer = null;
        var use = await MemoryProbe.MeasureAsync(async () => answer = await _routes.PostAsync(route, UploadRoutes.Form(bomb)));
        output.WriteLine($"{route}, {kind} ({bomb.Length} bytes): {answer!.Status}; {use}");

        MalformedUploadTests.AssertRefused(answer, route, HttpStatusCode.UnprocessableEntity, "too_many_pixels", "图片过大");
        Assert.InRange(use.ManagedAllocated, 0, Budget);
        Assert.InRange(use.PeakResidentGrowth ?? 0, long.MinValue, Budget);
    }
}
