using Kfk.Core.Common;
using Kfk.Core.Media;
using SkiaSharp;

namespace Kfk.Azure.Media;

/// <summary>An accepted image: the bytes to store (metadata stripped), its size, and its thumbnail.</summary>
public sealed record ProcessedImage(ImageFormat Format, byte[] Stored, int Width, int Height, byte[] Thumbnail, string ThumbnailContentType)
{
    public string ContentType => ImageSignature.ContentType(Format);
}

/// <summary>
/// Proves an upload is an image and makes what is stored: type by the bytes, a full decode (a truncated file fails),
/// nothing after the format's end, then re-encoded (JPEG, PNG, WebP; EXIF/GPS and text chunks do not survive, the
/// EXIF orientation is applied first) or, for GIF, rewritten without comment and application blocks.
/// </summary>
public sealed class ImageProcessor(MediaOptions options)
{
    private const int Quality = 90;

    public Result<ProcessedImage> Process(byte[] data)
    {
        if (data.Length == 0)
        {
            return Error.Validation("empty_file", "The file is empty.", "file");
        }
        if (data.Length > options.MaxBytes)
        {
            return TooLarge(options);
        }
        if (ImageSignature.Detect(data) is not { } format)
        {
            return Error.Validation("unsupported_type", "Only JPEG, PNG, GIF and WebP images are accepted (judged by the file's content).", "file");
        }
        if (!ImageSignature.EndsCleanly(format, data))
        {
            return NotAnImage();
        }
        using var bitmap = Decode(data, format, out var sourceOpaque);
        if (bitmap is null)
        {
            return NotAnImage();
        }
        if ((long)bitmap.Width * bitmap.Height > options.MaxPixels)
        {
            return Error.Validation("too_many_pixels", $"Images may have at most {options.MaxPixels:N0} pixels.", "file");
        }
        var stored = format switch
        {
            ImageFormat.Gif => GifSanitizer.Strip(data),
            ImageFormat.Jpeg => Encode(bitmap, SKEncodedImageFormat.Jpeg),
            ImageFormat.Png => Encode(bitmap, SKEncodedImageFormat.Png),
            _ => Encode(bitmap, SKEncodedImageFormat.Webp),
        };
        if (stored is null)
        {
            return NotAnImage();
        }
        var (thumbnail, thumbnailType) = Thumbnail(bitmap, sourceOpaque);
        return new ProcessedImage(format, stored, bitmap.Width, bitmap.Height, thumbnail, thumbnailType);
    }

    /// <summary>A square avatar: the centre of the image, scaled to <paramref name="size"/>, as PNG.</summary>
    public static byte[] Avatar(byte[] stored, int size)
    {
        using var source = SKBitmap.Decode(stored) ?? throw new InvalidOperationException("A stored image no longer decodes.");
        var side = Math.Min(source.Width, source.Height);
        var crop = SKRectI.Create((source.Width - side) / 2, (source.Height - side) / 2, side, side);
        using var square = new SKBitmap(side, side, source.ColorType, source.AlphaType);
        source.ExtractSubset(square, crop);
        using var scaled = square.Resize(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKCubicResampler.Mitchell))
            ?? throw new InvalidOperationException("Could not scale the avatar.");
        return Encode(scaled, SKEncodedImageFormat.Png)!;
    }

    private (byte[] Bytes, string ContentType) Thumbnail(SKBitmap bitmap, bool opaque)
    {
        var scale = Math.Min(1.0, (double)options.ThumbnailSize / Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)Math.Round(bitmap.Width * scale)), Math.Max(1, (int)Math.Round(bitmap.Height * scale)),
            SKColorType.Rgba8888, SKAlphaType.Premul);
        using var small = bitmap.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell)) ?? throw new InvalidOperationException("Could not scale the thumbnail.");
        return opaque ? (Encode(small, SKEncodedImageFormat.Jpeg)!, "image/jpeg") : (Encode(small, SKEncodedImageFormat.Png)!, "image/png");
    }

    /// <summary>The first frame, fully decoded and upright; null when the data does not decode completely as its format.</summary>
    private static SKBitmap? Decode(byte[] data, ImageFormat format, out bool opaque)
    {
        opaque = false;
        using var codec = SKCodec.Create(new SKMemoryStream(data));
        if (codec is null || codec.EncodedFormat != Expected(format) || codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            return null;
        }
        opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return null;
        }
        return Upright(bitmap, codec.EncodedOrigin);
    }

    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or SKEncodedOrigin.Default)
        {
            return bitmap;
        }
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var upright = new SKBitmap(swap ? bitmap.Height : bitmap.Width, swap ? bitmap.Width : bitmap.Height, bitmap.ColorType, bitmap.AlphaType);
        using (var canvas = new SKCanvas(upright))
        {
            canvas.SetMatrix(OriginMatrix(origin, bitmap.Width, bitmap.Height));
            canvas.DrawBitmap(bitmap, 0, 0);
        }
        bitmap.Dispose();
        return upright;
    }

    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
        _ => SKMatrix.Identity,
    };

    private static byte[]? Encode(SKBitmap bitmap, SKEncodedImageFormat format)
    {
        using var data = bitmap.Encode(format, Quality);
        return data?.ToArray();
    }

    private static SKEncodedImageFormat Expected(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => SKEncodedImageFormat.Jpeg,
        ImageFormat.Png => SKEncodedImageFormat.Png,
        ImageFormat.Gif => SKEncodedImageFormat.Gif,
        _ => SKEncodedImageFormat.Webp,
    };

    public static Error TooLarge(MediaOptions options) =>
        Error.Validation("too_large", $"Images may be at most {options.MaxBytes / 1024 / 1024.0:0.#} MB.", "file");

    private static Error NotAnImage() =>
        Error.Validation("not_an_image", "The file is not a complete, valid image (truncated, damaged, or with other content appended).", "file");
}
