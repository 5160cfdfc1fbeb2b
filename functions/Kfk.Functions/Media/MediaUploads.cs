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
/// The one upload path (native, likeshop, avatars): a multipart form with the field <c>file</c>, rate-limited per
/// identity, validated and processed by <see cref="ImageProcessor"/>, stored content-addressed. Any refusal stores nothing.
/// </summary>
public sealed class MediaUploads(ImageProcessor processor, BlobMediaStore store, MediaOptions options, TimeProvider time)
{
    private readonly FixedWindowLimiter _uploads = new(options.UploadsPerMinute, TimeSpan.FromMinutes(1), time);

    public async Task<Result<ReceivedImage>> ReceiveAsync(HttpRequest request, string identity, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return Error.Validation("missing_file", "Send the image as multipart/form-data in the field \"file\".", "file");
        }
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return Error.Validation("invalid_form", "The multipart body is malformed: " + ex.Message, "file");
        }
        if (form.Files.GetFile("file") is not { } file)
        {
            return Error.Validation("missing_file", "The form has no field \"file\" with a file.", "file");
        }
        if (file.Length > options.MaxBytes)
        {
            return ImageProcessor.TooLarge(options);
        }
        if (!_uploads.TryAcquire(identity))
        {
            return Error.TooManyRequests("too_many_uploads", $"At most {options.UploadsPerMinute} uploads per minute; try again shortly.");
        }
        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }
        var processed = processor.Process(bytes);
        if (!processed.IsSuccess)
        {
            return processed.Error;
        }
        var (media, _) = await store.SaveAsync(processed.Value, cancellationToken);
        return new ReceivedImage(media, processed.Value);
    }
}
