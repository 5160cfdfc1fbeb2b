using Kfk.Core.Common;
using Kfk.Core.Media;
using SkiaSharp;

namespace Kfk.Imaging;

/// <summary>
/// Proves an upload is an image and makes what is stored: type by the bytes, the size its header declares within
/// <see cref="ImageOptions.MaxPixels"/> before any pixel is allocated, a full decode (a truncated file fails), nothing
/// after the format's end, then re-encoded (JPEG, PNG, WebP; EXIF/GPS and text chunks do not survive, the EXIF
/// orientation is applied first) or, for GIF, rewritten without comment and application blocks. The stored image is
/// re-encoded at full size, so it is decoded at full size (never beyond the cap); thumbnail and avatars are scaled
/// from that one decode. Decodes run in one of the instance's <see cref="DecodeSlots"/>.
/// </summary>
public sealed class ImageProcessor(ImageOptions options, DecodeSlots slots) : IImageProcessor
{
    private const int Quality = 90;

    /// <summary>
    /// Processes the upload in <paramref name="content"/> (a stream of known length, read only once a decode slot is
    /// free, so waiting uploads are not held in memory).
    /// </summary>
    public async Task<Result<ProcessedImage>> ProcessAsync(Stream content, bool withAvatars, CancellationToken cancellationToken)
    {
        if (content.Length == 0)
        {
            return Error.Validation("empty_file", "The file is empty.", "file");
        }
        if (content.Length > options.MaxBytes)
        {
            return options.TooLarge();
        }
        using var slot = await slots.TryEnterAsync(cancellationToken);
        if (slot is null)
        {
            return Busy();
        }
        var data = new byte[content.Length];
        await content.ReadExactlyAsync(data, cancellationToken);
        return Process(data, withAvatars);
    }

    private Result<ProcessedImage> Process(byte[] data, bool withAvatars)
    {
        if (ImageSignature.Detect(data) is not { } format)
        {
            return Error.Validation("unsupported_type", "Only JPEG, PNG, GIF and WebP images are accepted (judged by the file's content).", "file");
        }
        if (!ImageSignature.EndsCleanly(format, data))
        {
            return NotAnImage();
        }
        var decoded = Decode(data, format);
        if (!decoded.IsSuccess)
        {
            return decoded.Error;
        }
        var (bitmap, sourceOpaque) = decoded.Value;
        using (bitmap)
        {
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
            var avatars = withAvatars ? options.AvatarSizes.Distinct().ToDictionary(size => size, size => Avatar(bitmap, size)) : new Dictionary<int, byte[]>();
            return new ProcessedImage(format, stored, bitmap.Width, bitmap.Height, thumbnail, thumbnailType, avatars);
        }
    }

    /// <summary>A square avatar: the centre of the image, scaled to <paramref name="size"/>, as PNG.</summary>
    private static byte[] Avatar(SKBitmap source, int size)
    {
        var side = Math.Min(source.Width, source.Height);
        using var square = new SKBitmap();
        if (!source.ExtractSubset(square, SKRectI.Create((source.Width - side) / 2, (source.Height - side) / 2, side, side))) // shares the pixels
        {
            throw new InvalidOperationException("Could not crop the avatar.");
        }
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

    /// <summary>
    /// The first frame, fully decoded and upright; refused from the header alone (no pixels allocated) when it declares
    /// more than <see cref="ImageOptions.MaxPixels"/>, and when the data does not decode completely as its format.
    /// </summary>
    private Result<(SKBitmap Bitmap, bool Opaque)> Decode(byte[] data, ImageFormat format)
    {
        // A GIF is stored as it came, so every viewer decodes all its frames: the cap counts them all. Frames are
        // counted by walking the block headers here, not by SKCodec.FrameCount, which keeps state for every frame.
        if (format == ImageFormat.Gif)
        {
            if (GifCanvas.Measure(data) is not { } canvas)
            {
                return NotAnImage();
            }
            if (canvas.DecodedPixels > options.MaxPixels)
            {
                return TooManyPixels($"{canvas.Width}×{canvas.Height} with {canvas.Frames} frames");
            }
        }
        using var codec = SKCodec.Create(new SKMemoryStream(data));
        if (codec is null || codec.EncodedFormat != Expected(format) || codec.Info.Width < 1 || codec.Info.Height < 1)
        {
            return NotAnImage();
        }
        if ((long)codec.Info.Width * codec.Info.Height > options.MaxPixels)
        {
            return TooManyPixels($"{codec.Info.Width}×{codec.Info.Height}");
        }
        var opaque = codec.Info.AlphaType == SKAlphaType.Opaque;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var bitmap = new SKBitmap(info);
        if (codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
        {
            bitmap.Dispose();
            return NotAnImage();
        }
        return (Upright(bitmap, codec.EncodedOrigin), opaque);
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

    private Error TooManyPixels(string declared) =>
        Error.Validation("too_many_pixels", $"Images may have at most {options.MaxPixels:N0} pixels (a GIF: all frames together); this one declares {declared}.", "file");

    /// <summary>Over HTTP a 503 with Retry-After (the instance is at its limit, not the caller); see MediaProblems.</summary>
    private Error Busy() =>
        Error.TooManyRequests("busy", $"The server is decoding as many images as it can; try again in {options.RetryAfterSeconds} seconds.");

    private static Error NotAnImage() =>
        Error.Validation("not_an_image", "The file is not a complete, valid image (truncated, damaged, or with other content appended).", "file");
}
