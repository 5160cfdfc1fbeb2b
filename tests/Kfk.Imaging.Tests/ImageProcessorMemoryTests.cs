using Kfk.Core.Media;
using Kfk.Testing;
using Xunit.Abstractions;

namespace Kfk.Imaging.Tests;

[CollectionDefinition(nameof(ProcessMemory), DisableParallelization = true)]
public sealed class ProcessMemory;

/// <summary>
/// A few bytes declaring a giant image must not cost memory. Managed allocations are counted by the GC; Skia's pixel
/// buffers are native, so the peak resident set is watched too. Both are process-wide: this class runs alone.
/// </summary>
[Collection(nameof(ProcessMemory))]
public sealed class ImageProcessorMemoryTests(ITestOutputHelper output)
{
    private const long Budget = 64L * 1024 * 1024;

    [Theory]
    [MemberData(nameof(ImageProcessorTests.DeclaredBombs), MemberType = typeof(ImageProcessorTests))]
    public async Task ADeclaredBomb_IsRefusedWithoutAllocatingItsPixels(string kind)
    {
        var processor = new ImageProcessor(new ImageOptions(), new DecodeSlots(new ImageOptions()));
        var bomb = ImageProcessorTests.Bomb(kind);
        Assert.True((await ImageProcessorTests.ProcessAsync(processor, ImageProcessorTests.Png(64, 64))).IsSuccess); // loads Skia, JITs the path

        string? code = null;
        var use = await MemoryProbe.MeasureAsync(async () => code = (await ImageProcessorTests.ProcessAsync(processor, bomb)).Error?.Code);
        output.WriteLine($"{kind} ({bomb.Length} bytes): {code}; {use}");

        Assert.Equal("too_many_pixels", code);
        Assert.InRange(use.ManagedAllocated, 0, Budget);
        Assert.InRange(use.PeakResidentGrowth ?? 0, long.MinValue, Budget);
    }
}
