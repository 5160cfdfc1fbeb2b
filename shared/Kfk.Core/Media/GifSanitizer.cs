namespace Kfk.Core.Media;

/// <summary>
/// Walks a GIF's blocks and rewrites it without comment and application extensions (where metadata such as XMP
/// lives), keeping the animation loop extension. Null when the structure is broken or anything follows the trailer.
/// </summary>
public static class GifSanitizer
{
    private const byte Extension = 0x21;
    private const byte ImageDescriptor = 0x2C;
    private const byte Trailer = 0x3B;
    private const byte CommentLabel = 0xFE;
    private const byte ApplicationLabel = 0xFF;

    public static byte[]? Strip(ReadOnlySpan<byte> gif)
    {
        if (gif.Length < 13)
        {
            return null;
        }
        using var output = new MemoryStream(gif.Length);
        var position = 13 + ColorTableLength(gif[10]);
        if (position > gif.Length)
        {
            return null;
        }
        output.Write(gif[..position]);
        while (position < gif.Length)
        {
            var start = position;
            switch (gif[position])
            {
                case Trailer:
                    if (position != gif.Length - 1)
                    {
                        return null;
                    }
                    output.WriteByte(Trailer);
                    return output.ToArray();
                case Extension when position + 1 < gif.Length:
                    var label = gif[position + 1];
                    var end = SkipSubBlocks(gif, position + 2);
                    if (end < 0)
                    {
                        return null;
                    }
                    if (label != CommentLabel && (label != ApplicationLabel || IsLoopExtension(gif[start..end])))
                    {
                        output.Write(gif[start..end]);
                    }
                    position = end;
                    break;
                case ImageDescriptor when position + 10 < gif.Length:
                    var afterDescriptor = position + 10 + ColorTableLength(gif[position + 9]);
                    var afterImage = afterDescriptor < gif.Length ? SkipSubBlocks(gif, afterDescriptor + 1) : -1;
                    if (afterImage < 0)
                    {
                        return null;
                    }
                    output.Write(gif[start..afterImage]);
                    position = afterImage;
                    break;
                default:
                    return null;
            }
        }
        return null; // no trailer
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;

    /// <summary>The position after the data sub-blocks starting at <paramref name="position"/>, or -1.</summary>
    private static int SkipSubBlocks(ReadOnlySpan<byte> gif, int position)
    {
        while (position < gif.Length)
        {
            var size = gif[position];
            position += 1 + size;
            if (size == 0)
            {
                return position <= gif.Length ? position : -1;
            }
        }
        return -1;
    }

    private static bool IsLoopExtension(ReadOnlySpan<byte> block) =>
        block.Length >= 14 && block[2] == 11 && (block[3..14].SequenceEqual("NETSCAPE2.0"u8) || block[3..14].SequenceEqual("ANIMEXTS1.0"u8));
}
