using Kfk.Core.Common;
using Kfk.Core.Media;
using Kfk.Testing;
using SkiaSharp;

namespace Kfk.Imaging.Tests;

public sealed class ImageProcessorTests
{
    public static TheoryData<string> DeclaredBombs => ["png 20000x20000", "png 30000x30000", "png 65535x65535", "gif screen 65535x65535", "gif 100x100 x 5000 frames"];

    [Theory]
    [MemberData(nameof(DeclaredBombs))]
    public async Task AHeaderDeclaringMoreThanTheCap_IsRefusedAsTooManyPixels_NamingWhatItDeclares(string kind)
    {
        var result = await ProcessAsync(new ImageProcessor(new ImageOptions(), new DecodeSlots(new ImageOptions())), Bomb(kind));

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error.Kind);
        Assert.Equal("too_many_pixels", result.Error.Code);
        Assert.Contains(kind.Split(' ')[^1] == "frames" ? "100×100 with 5000 frames" : kind.Split(' ')[^1].Replace('x', '×'), result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCap_CountsWidthTimesHeight_AndForAGifEveryFrame()
    {
        var png = Png(40, 30);
        var gif = HostileImages.GifDeclaring(10, 10, frames: 12);

        Assert.True((await ProcessAsync(Processor(maxPixels: 1200), png)).IsSuccess);
        Assert.Equal("too_many_pixels", (await ProcessAsync(Processor(maxPixels: 1199), png)).Error?.Code);
        Assert.True((await ProcessAsync(Processor(maxPixels: 1200), gif)).IsSuccess);
        Assert.Equal("too_many_pixels", (await ProcessAsync(Processor(maxPixels: 1199), gif)).Error?.Code);
    }

    [Fact]
    public async Task Avatars_AreMadeFromTheSameDecode_OnlyWhenAskedFor()
    {
        var processor = Processor();
        var png = Png(300, 200);

        var plain = await ProcessAsync(processor, png);
        await using var content = new MemoryStream(png);
        var avatar = await processor.ProcessAsync(content, withAvatars: true, CancellationToken.None);

        Assert.Empty(plain.Value.Avatars);
        Assert.Equal([64, 128, 256], avatar.Value.Avatars.Keys.Order());
        foreach (var (size, bytes) in avatar.Value.Avatars)
        {
            using var decoded = SKBitmap.Decode(bytes);
            Assert.Equal((size, size), (decoded.Width, decoded.Height));
        }
    }

    [Fact]
    public async Task WhenEveryDecodeSlotIsTaken_AnUploadIsRefusedAsBusy_AndIsServedOnceOneFrees()
    {
        var options = new ImageOptions { MaxConcurrentDecodes = 1, MaxDecodeWait = TimeSpan.Zero };
        var slots = new DecodeSlots(options);
        var processor = new ImageProcessor(options, slots);

        var held = await slots.TryEnterAsync(CancellationToken.None);
        var refused = await ProcessAsync(processor, Png(40, 30));
        held!.Dispose();
        var served = await ProcessAsync(processor, Png(40, 30));

        Assert.Equal("busy", refused.Error?.Code);
        Assert.True(served.IsSuccess);
    }

    internal static byte[] Bomb(string kind) => kind switch
    {
        "png 20000x20000" => HostileImages.PngDeclaring(20000, 20000),
        "png 30000x30000" => HostileImages.PngDeclaring(30000, 30000),
        "png 65535x65535" => HostileImages.PngDeclaring(65535, 65535),
        "gif screen 65535x65535" => HostileImages.GifDeclaring(65535, 65535),
        _ => HostileImages.GifDeclaring(100, 100, frames: 5000),
    };

    internal static byte[] Png(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = SKColors.OrangeRed };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }
        using var encoded = bitmap.Encode(SKEncodedImageFormat.Png, 90);
        return encoded.ToArray();
    }

    internal static async Task<Result<ProcessedImage>> ProcessAsync(ImageProcessor processor, byte[] data)
    {
        await using var content = new MemoryStream(data);
        return await processor.ProcessAsync(content, withAvatars: false, CancellationToken.None);
    }

    private static ImageProcessor Processor(long maxPixels = 40_000_000)
    {
        var options = new ImageOptions { MaxPixels = maxPixels };
        return new ImageProcessor(options, new DecodeSlots(options));
    }
}
