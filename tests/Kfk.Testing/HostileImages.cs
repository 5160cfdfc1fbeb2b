using System.Buffers.Binary;

namespace Kfk.Testing;

/// <summary>
/// Tiny, structurally valid image files whose headers ask a decoder for far more than the file holds (decompression
/// bombs by declaration): what the upload path must refuse before it allocates pixels.
/// </summary>
public static class HostileImages
{
    /// <summary>
    /// A PNG of about 70 bytes: signature, an IHDR declaring <paramref name="width"/>×<paramref name="height"/> RGBA, an
    /// IDAT holding one deflated zero byte, IEND.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA; compression, filter and interlace stay 0
        byte[] idat = [0x78, 0x9C, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]; // zlib of a single 0x00
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. PngChunk("IHDR", ihdr), .. PngChunk("IDAT", idat), .. PngChunk("IEND", [])];
    }

    /// <summary>
    /// A GIF whose logical screen is <paramref name="width"/>×<paramref name="height"/>, with <paramref name="frames"/> frames
    /// of one pixel each (2-colour global table).
    /// </summary>
    public static byte[] GifDeclaring(int width, int height, int frames = 1)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0x80, 0, 0]);
        gif.AddRange([0, 0, 0, 255, 255, 255]);
        for (var i = 0; i < frames; i++)
        {
            gif.AddRange([0x21, 0xF9, 4, 0, 1, 0, 0, 0]); // graphic control: 1/100 s per frame
            gif.AddRange([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]); // image descriptor 1×1 at (0,0), no local table
            gif.AddRange([2, 2, 0x44, 0x01, 0]); // LZW min code size 2: clear, pixel 0, end; terminator
        }
        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>A PNG chunk: length, type, data and its CRC.</summary>
    public static byte[] PngChunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, data.Length);
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }
}
