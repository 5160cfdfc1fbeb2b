using Kfk.Azure.Media;
using Kfk.Core.Common;
using Kfk.Core.Media;

namespace Kfk.Functions.Media;

/// <summary>What an upload answers: the stable URLs and the stored image's facts.</summary>
public sealed record UploadResponse(string Id, string Url, string ThumbnailUrl, int Width, int Height, long Bytes, string ContentType)
{
    public static UploadResponse From(StoredMedia media, MediaOptions options) => new(media.Id,
        MediaCatalog.Url(options.PublicBase, media.Id), MediaCatalog.Url(options.PublicBase, media.Id, "/thumb"),
        media.Width, media.Height, media.Bytes, media.ContentType);
}

public sealed record ReceivedImage(StoredMedia Media, ProcessedImage Image);

/// <summary>
/// The one upload path (native, likeshop, avatars): a multipart form with the field <c>file</c> (<see cref="UploadForm"/>),
/// rate-limited per identity, validated and processed by <see cref="IImageProcessor"/>, stored content-addressed. Any
/// refusal stores nothing; answer refusals with <see cref="MediaProblems.ToMediaProblem"/>.
/// </summary>
public sealed class MediaUploads(IImageProcessor processor, BlobMediaStore store, MediaOptions options, ImageOptions limits, TimeProvider time)
{
    private readonly FixedWindowLimiter _uploads = new(options.UploadsPerMinute, TimeSpan.FromMinutes(1), time);

    public Task<Result<ReceivedImage>> ReceiveAsync(HttpRequest request, string identity, CancellationToken cancellationToken) =>
        ReceiveAsync(request, identity, withAvatars: false, cancellationToken);

    /// <summary>As <see cref="ReceiveAsync(HttpRequest, string, CancellationToken)"/>, with the avatar sizes made from the same decode.</summary>
    public Task<Result<ReceivedImage>> ReceiveAvatarAsync(HttpRequest request, string identity, CancellationToken cancellationToken) =>
        ReceiveAsync(request, identity, withAvatars: true, cancellationToken);

    private async Task<Result<ReceivedImage>> ReceiveAsync(HttpRequest request, string identity, bool withAvatars, CancellationToken cancellationToken)
    {
        var file = await UploadForm.ReadFileAsync(request, limits, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.Error;
        }
        await using var content = file.Value;
        if (!_uploads.TryAcquire(identity))
        {
            return Error.TooManyRequests("too_many_uploads", $"At most {options.UploadsPerMinute} uploads per minute; try again shortly.");
        }
        var processed = await processor.ProcessAsync(content, withAvatars, cancellationToken);
        if (!processed.IsSuccess)
        {
            return processed.Error;
        }
        var (media, _) = await store.SaveAsync(processed.Value, cancellationToken);
        return new ReceivedImage(media, processed.Value);
    }
}
