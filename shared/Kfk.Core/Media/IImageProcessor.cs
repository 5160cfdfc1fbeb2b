using Kfk.Core.Common;

namespace Kfk.Core.Media;

/// <summary>
/// Proves an upload is an image within <see cref="ImageOptions"/> and makes what is stored: the image without its
/// metadata, its thumbnail and, when asked for, its avatar sizes. Refusals are validation errors on the field
/// <c>file</c> (<c>empty_file</c>, <c>too_large</c>, <c>unsupported_type</c>, <c>not_an_image</c>, <c>too_many_pixels</c>)
/// or <c>busy</c> (too many requests) when the instance decodes as many images as it can.
/// </summary>
public interface IImageProcessor
{
    /// <summary>
    /// Processes the upload in <paramref name="content"/> (a stream of known length, read only once the instance can
    /// decode it, so waiting uploads are not held in memory).
    /// </summary>
    Task<Result<ProcessedImage>> ProcessAsync(Stream content, bool withAvatars, CancellationToken cancellationToken);
}
