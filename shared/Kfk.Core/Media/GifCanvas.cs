using System.Buffers.Binary;

namespace Kfk.Core.Media;

/// <summary>
/// What a GIF asks every viewer to decode, read from its block headers alone: the canvas (the logical screen, grown
/// to fit any frame that overhangs it, as decoders do for the first frame) and the number of frames.
/// </summary>
public readonly record struct GifCanvas(int Width, int Height, int Frames)
{
    /// <summary>Canvas pixels times frames: what playing the animation decodes.</summary>
    public long DecodedPixels => (long)Width * Height * Math.Max(1, Frames);

    /// <summary>Null when the block structure is broken before the trailer.</summary>
    public static GifCanvas? Measure(ReadOnlySpan<byte> gif)
    {
        var reader = new GifBlockReader(gif);
        if (reader.HeaderEnd < 0)
        {
            return null;
        }
        int width = BinaryPrimitives.ReadUInt16LittleEndian(gif[6..]), height = BinaryPrimitives.ReadUInt16LittleEndian(gif[8..]), frames = 0;
        for (var block = reader.Next(); block.Kind != GifBlockKind.Trailer; block = reader.Next())
        {
            if (block.Kind == GifBlockKind.Broken)
            {
                return null;
            }
            if (block.Kind == GifBlockKind.Image)
            {
                var descriptor = gif[block.Start..];
                frames++;
                width = Math.Max(width, BinaryPrimitives.ReadUInt16LittleEndian(descriptor[1..]) + BinaryPrimitives.ReadUInt16LittleEndian(descriptor[5..]));
                height = Math.Max(height, BinaryPrimitives.ReadUInt16LittleEndian(descriptor[3..]) + BinaryPrimitives.ReadUInt16LittleEndian(descriptor[7..]));
            }
        }
        return new GifCanvas(width, height, frames);
    }
}
