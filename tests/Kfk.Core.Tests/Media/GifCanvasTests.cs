using Kfk.Core.Media;

namespace Kfk.Core.Tests.Media;

public sealed class GifCanvasTests
{
    [Fact]
    public void Measure_ReadsTheLogicalScreenAndCountsTheFrames()
    {
        Assert.Equal(new GifCanvas(300, 200, 7), GifCanvas.Measure(Gif(300, 200, frames: 7)));
        Assert.Equal(60_000L * 7, GifCanvas.Measure(Gif(300, 200, frames: 7))!.Value.DecodedPixels);
    }

    [Fact]
    public void Measure_SeesDeclaredSizesAFileCannotHold()
    {
        var huge = Gif(65535, 65535);
        var manyFrames = Gif(100, 100, frames: 5000);

        Assert.True(huge.Length < 100);
        Assert.Equal(65535L * 65535, GifCanvas.Measure(huge)!.Value.DecodedPixels);
        Assert.Equal(50_000_000L, GifCanvas.Measure(manyFrames)!.Value.DecodedPixels);
    }

    [Fact]
    public void Measure_GrowsTheCanvasToAFrameThatOverhangsIt()
    {
        var gif = Gif(1, 1);
        gif[^11] = 0xFF; // the image descriptor's width, low byte: 1 → 255
        gif[^9] = 0xFF; // its height, low byte

        Assert.Equal(new GifCanvas(255, 255, 1), GifCanvas.Measure(gif));
    }

    [Fact]
    public void Measure_RefusesABrokenStructure()
    {
        var gif = Gif(10, 10, frames: 2);

        Assert.Null(GifCanvas.Measure(gif[..^3])); // cut inside the last frame's data
        Assert.Null(GifCanvas.Measure(gif[..12]));
        Assert.Null(GifCanvas.Measure([.. gif[..^1], 0x99, 0x3B])); // an unknown block before the trailer
    }

    /// <summary>A logical screen of <paramref name="width"/>×<paramref name="height"/> holding one-pixel frames.</summary>
    private static byte[] Gif(int width, int height, int frames = 1)
    {
        byte[] frame = [0x21, 0xF9, 4, 0, 1, 0, 0, 0, 0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0];
        return [.. "GIF89a"u8, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0, 0, 0, 0, 255, 255, 255,
            .. Enumerable.Repeat(frame, frames).SelectMany(f => f), 0x3B];
    }
}
