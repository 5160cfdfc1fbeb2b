using System.Buffers.Binary;

namespace Kfk.Core.Media;

public enum ImageFormat
{
    Jpeg,
    Png,
    Gif,
    Webp,
}

/// <summary>
/// What an upload is, judged by its bytes only (never by its name or declared type), and whether it ends where that
/// format ends: an image with other content appended (a polyglot) is refused.
/// </summary>
public static class ImageSignature
{
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static ImageFormat? Detect(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ImageFormat.Jpeg;
        }
        if (data.StartsWith(PngMagic))
        {
            return ImageFormat.Png;
        }
        if (data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            return ImageFormat.Gif;
        }
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ImageFormat.Webp;
        }
        return null;
    }

    /// <summary>True when nothing follows the format's end marker (JPEG EOI, PNG IEND, GIF trailer, the RIFF length).</summary>
    public static bool EndsCleanly(ImageFormat format, ReadOnlySpan<byte> data) => format switch
    {
        ImageFormat.Jpeg => data.Length >= 4 && data[^2] == 0xFF && data[^1] == 0xD9,
        ImageFormat.Png => data.Length >= PngMagic.Length + PngEnd.Length && data.EndsWith(PngEnd),
        ImageFormat.Gif => data.Length > 13 && data[^1] == 0x3B,
        ImageFormat.Webp => data.Length >= 12 && BinaryPrimitives.ReadUInt32LittleEndian(data[4..8]) + 8L == data.Length,
        _ => false,
    };

    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Png => "image/png",
        ImageFormat.Gif => "image/gif",
        _ => "image/webp",
    };
}
