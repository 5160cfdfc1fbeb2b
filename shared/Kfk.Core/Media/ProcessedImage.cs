namespace Kfk.Core.Media;

/// <summary>
/// An accepted image: the bytes to store (metadata stripped), its size, its thumbnail and, when asked for, its square
/// avatar sizes (PNG, by side).
/// </summary>
public sealed record ProcessedImage(ImageFormat Format, byte[] Stored, int Width, int Height, byte[] Thumbnail, string ThumbnailContentType,
    IReadOnlyDictionary<int, byte[]> Avatars)
{
    public string ContentType => ImageSignature.ContentType(Format);
}
