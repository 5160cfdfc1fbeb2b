namespace Kfk.Core.Media;

internal enum GifBlockKind
{
    Extension,
    Image,
    Trailer,
    Broken,
}

/// <summary>One block of a GIF: <c>[Start, End)</c> covers its introducer, header and data sub-blocks.</summary>
internal readonly record struct GifBlock(GifBlockKind Kind, int Start, int End);

/// <summary>
/// Walks a GIF's blocks after the header, logical screen descriptor and global colour table, without decoding
/// anything; the first block that does not parse comes back as <see cref="GifBlockKind.Broken"/>.
/// </summary>
internal ref struct GifBlockReader
{
    private const byte Extension = 0x21;
    private const byte ImageDescriptor = 0x2C;
    private const byte Trailer = 0x3B;
    private readonly ReadOnlySpan<byte> _gif;
    private int _position;

    private static GifBlock Broken => new(GifBlockKind.Broken, 0, 0);

    public GifBlockReader(ReadOnlySpan<byte> gif)
    {
        _gif = gif;
        HeaderEnd = gif.Length < 13 || 13 + ColorTableLength(gif[10]) > gif.Length ? -1 : 13 + ColorTableLength(gif[10]);
        _position = HeaderEnd;
    }

    /// <summary>Where the first block starts (after the global colour table); -1 when the header is incomplete.</summary>
    public int HeaderEnd { get; }

    public GifBlock Next()
    {
        var start = _position;
        if (start < 0 || start >= _gif.Length)
        {
            return Broken;
        }
        var end = _gif[start] switch
        {
            Trailer => start + 1,
            Extension when start + 1 < _gif.Length => SkipSubBlocks(start + 2),
            ImageDescriptor when start + 10 < _gif.Length => AfterImage(start),
            _ => -1,
        };
        if (end < 0)
        {
            _position = -1;
            return Broken;
        }
        _position = _gif[start] == Trailer ? -1 : end;
        return new GifBlock(_gif[start] switch { Trailer => GifBlockKind.Trailer, Extension => GifBlockKind.Extension, _ => GifBlockKind.Image }, start, end);
    }

    private static int ColorTableLength(byte packed) => (packed & 0x80) != 0 ? 3 * (1 << ((packed & 0x07) + 1)) : 0;

    private readonly int AfterImage(int descriptor)
    {
        var afterDescriptor = descriptor + 10 + ColorTableLength(_gif[descriptor + 9]);
        return afterDescriptor < _gif.Length ? SkipSubBlocks(afterDescriptor + 1) : -1; // + the LZW minimum code size
    }

    /// <summary>The position after the data sub-blocks starting at <paramref name="position"/>, or -1.</summary>
    private readonly int SkipSubBlocks(int position)
    {
        while (position < _gif.Length)
        {
            var size = _gif[position];
            position += 1 + size;
            if (size == 0)
            {
                return position <= _gif.Length ? position : -1;
            }
        }
        return -1;
    }
}
