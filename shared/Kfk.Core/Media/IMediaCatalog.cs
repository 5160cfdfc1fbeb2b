namespace Kfk.Core.Media;

/// <summary>Whether a chat image URL is a stable media URL of this deployment naming an image Kfk stored.</summary>
public interface IMediaCatalog
{
    Task<bool> IsStoredImageUrlAsync(string url, CancellationToken cancellationToken);
}
