namespace Kfk.Core.Media;

/// <summary>The rule for an image message: the address of an image this deployment stored, of bounded length.</summary>
public static class ChatImages
{
    public const int MaxUrlLength = 1024;

    public static async Task<bool> IsChatImageAsync(this IMediaCatalog media, string url, CancellationToken cancellationToken) =>
        url.Length <= MaxUrlLength && await media.IsStoredImageUrlAsync(url, cancellationToken);
}
