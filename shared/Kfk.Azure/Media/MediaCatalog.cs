using System.Text.RegularExpressions;
using Kfk.Core.Media;

namespace Kfk.Azure.Media;

/// <summary>Chat images must be this deployment's stable media URLs (<c>{PublicBaseUrl}/media/{id}</c>) of stored images.</summary>
public sealed partial class MediaCatalog(BlobMediaStore store, MediaOptions options) : IMediaCatalog
{
    public async Task<bool> IsStoredImageUrlAsync(string url, CancellationToken cancellationToken) =>
        TryParseId(url, options.PublicBase) is { } id && await store.FindAsync(id, cancellationToken) is not null;

    /// <summary>The media id of <c>{base}/media/{id}</c> (or its <c>/thumb</c>), or null for any other URL.</summary>
    public static string? TryParseId(string url, Uri publicBase)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), publicBase.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var basePath = publicBase.AbsolutePath.TrimEnd('/');
        var path = uri.AbsolutePath;
        if (!path.StartsWith(basePath + "/media/", StringComparison.Ordinal))
        {
            return null;
        }
        var match = MediaPath().Match(path[(basePath.Length + "/media/".Length)..]);
        // Only the canonical spelling: no dot segments, escapes or case games that a client might resolve differently.
        return match.Success && string.Equals(url, Url(publicBase, match.Groups[1].Value, match.Groups[2].Value), StringComparison.Ordinal)
            ? match.Groups[1].Value
            : null;
    }

    /// <summary>The stable URL of a stored image or one of its variants.</summary>
    public static string Url(Uri publicBase, string id, string? suffix = null) => new Uri(publicBase, $"media/{id}{suffix}").AbsoluteUri;

    [GeneratedRegex("^([0-9a-f]{64})(/thumb)?$")]
    private static partial Regex MediaPath();
}
