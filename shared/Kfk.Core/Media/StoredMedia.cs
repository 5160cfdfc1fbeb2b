namespace Kfk.Core.Media;

/// <summary>A stored image: <see cref="Id"/> is the SHA-256 (hex) of the stored bytes, so one image is stored once.</summary>
public sealed record StoredMedia(string Id, string ContentType, int Width, int Height, long Bytes, DateTimeOffset CreatedAt);

/// <summary>Whether a chat image URL is a stable media URL of this deployment naming an image Kfk stored.</summary>
public interface IMediaCatalog
{
    Task<bool> IsStoredImageUrlAsync(string url, CancellationToken cancellationToken);
}
