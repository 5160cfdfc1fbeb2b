using System.Buffers.Binary;
using System.Text;
using SkiaSharp;

namespace Kfk.Functions.Tests.Media;

/// <summary>Real image files made on the fly, plus the hostile variants the upload path must refuse or clean.</summary>
internal static class TestImages
{
    public static byte[] Jpeg(int width = 40, int height = 30) => Encode(width, height, SKEncodedImageFormat.Jpeg, opaque: true);

    public static byte[] Png(int width = 40, int height = 30) => Encode(width, height, SKEncodedImageFormat.Png, opaque: false);

    public static byte[] Webp(int width = 40, int height = 30) => Encode(width, height, SKEncodedImageFormat.Webp, opaque: true);

    /// <summary>A 1×1 GIF with a comment and an XMP application block (metadata that must not be stored).</summary>
    public static byte[] GifWithMetadata()
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([1, 0, 1, 0, 0x80, 0, 0]); // 1×1, global color table of 2 entries
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        gif.AddRange([0x21, 0xFE]);
        AddSubBlocks(gif, "secret comment GPS 31.2304N"u8.ToArray());
        gif.AddRange([0x21, 0xFF, 11]);
        gif.AddRange("XMP DataXMP"u8.ToArray());
        AddSubBlocks(gif, "<x:xmpmeta>GPSLatitude</x:xmpmeta>"u8.ToArray());
        gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // image descriptor 1×1, no local table
        gif.AddRange([2, 2, 0x44, 0x01, 0]); // LZW min code size 2: clear, pixel 0, end; then the terminator
        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>A JPEG with an EXIF block carrying a GPS note, inserted after SOI.</summary>
    public static byte[] JpegWithExif()
    {
        var jpeg = Jpeg();
        var tiff = new byte[] { (byte)'M', (byte)'M', 0, 0x2A, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0 };
        var payload = Encoding.ASCII.GetBytes("Exif\0\0").Concat(tiff).Concat(Encoding.ASCII.GetBytes("GPSLatitude 31.2304N")).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    /// <summary>A PNG with a tEXt chunk (a comment with a GPS note) before IEND.</summary>
    public static byte[] PngWithText()
    {
        var png = Png();
        var data = Encoding.ASCII.GetBytes("Comment\0GPSLatitude 31.2304N");
        var chunk = Kfk.Testing.HostileImages.PngChunk("tEXt", data);
        return [.. png[..^12], .. chunk, .. png[^12..]];
    }

    public static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    private static byte[] Encode(int width, int height, SKEncodedImageFormat format, bool opaque)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(opaque ? SKColors.White : SKColors.Transparent);
            using var paint = new SKPaint { Color = new SKColor((byte)Random.Shared.Next(256), 80, 160) };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }
        using var encoded = bitmap.Encode(format, 90);
        return encoded.ToArray();
    }

    private static void AddSubBlocks(List<byte> target, byte[] data)
    {
        foreach (var chunk in data.Chunk(255))
        {
            target.Add((byte)chunk.Length);
            target.AddRange(chunk);
        }
        target.Add(0);
    }
}
