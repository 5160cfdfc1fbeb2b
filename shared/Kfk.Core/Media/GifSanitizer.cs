namespace Kfk.Core.Media;

/// <summary>
/// Walks a GIF's blocks and rewrites it without comment and application extensions (where metadata such as XMP
/// lives), keeping the animation loop extension. Null when the structure is broken or anything follows the trailer.
/// </summary>
public static class GifSanitizer
{
    private const byte CommentLabel = 0xFE;
    private const byte ApplicationLabel = 0xFF;

    public static byte[]? Strip(ReadOnlySpan<byte> gif)
    {
        var reader = new GifBlockReader(gif);
        if (reader.HeaderEnd < 0)
        {
            return null;
        }
        using var output = new MemoryStream(gif.Length);
        output.Write(gif[..reader.HeaderEnd]);
        while (true)
        {
            var block = reader.Next();
            var bytes = gif[block.Start..block.End];
            switch (block.Kind)
            {
                case GifBlockKind.Trailer:
                    if (block.End != gif.Length)
                    {
                        return null;
                    }
                    output.Write(bytes);
                    return output.ToArray();
                case GifBlockKind.Extension:
                    var label = bytes[1];
                    if (label != CommentLabel && (label != ApplicationLabel || IsLoopExtension(bytes)))
                    {
                        output.Write(bytes);
                    }
                    break;
                case GifBlockKind.Image:
                    output.Write(bytes);
                    break;
                default:
                    return null; // broken, or no trailer
            }
        }
    }

    private static bool IsLoopExtension(ReadOnlySpan<byte> block) =>
        block.Length >= 14 && block[2] == 11 && (block[3..14].SequenceEqual("NETSCAPE2.0"u8) || block[3..14].SequenceEqual("ANIMEXTS1.0"u8));
}
