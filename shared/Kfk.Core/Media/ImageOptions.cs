using System.ComponentModel.DataAnnotations;
using Kfk.Core.Common;

namespace Kfk.Core.Media;

/// <summary>What images are accepted and what is made of them (section <c>Kfk:Media</c>, shared with the media store's settings).</summary>
public sealed class ImageOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Media";

    /// <summary>The largest upload accepted.</summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The largest image accepted, in pixels (width × height; for a GIF, canvas × frames), judged from the header before
    /// any pixel is allocated, so a small file cannot decode into gigabytes. A decode holds up to 4 bytes per pixel.
    /// </summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>
    /// How many images one instance decodes at once: with <see cref="MaxPixels"/> this bounds the instance's image
    /// memory (about slots × MaxPixels × 4 bytes, twice that for a JPEG that must be rotated upright).
    /// </summary>
    public int MaxConcurrentDecodes { get; set; } = Environment.ProcessorCount;

    /// <summary>How long an upload waits for a decode slot before it is refused with 503 and <c>Retry-After</c>.</summary>
    public TimeSpan MaxDecodeWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest side of a thumbnail.</summary>
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>The square avatar sizes stored for agents and shops.</summary>
    public List<int> AvatarSizes { get; set; } = [64, 128, 256];

    /// <summary>What a refused upload should wait before trying again.</summary>
    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(MaxDecodeWait.TotalSeconds));

    /// <summary>The refusal of a file over <see cref="MaxBytes"/>.</summary>
    public Error TooLarge() =>
        Error.Validation("too_large", $"Images may be at most {MaxBytes / 1024 / 1024.0:0.#} MB.", "file");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBytes is < 1024 or > 100 * 1024 * 1024)
        {
            yield return new ValidationResult("Kfk:Media:MaxBytes must be between 1 KB and 100 MB.", [nameof(MaxBytes)]);
        }
        if (MaxPixels is < 1 or > 250_000_000)
        {
            yield return new ValidationResult("Kfk:Media:MaxPixels must be between 1 and 250,000,000.", [nameof(MaxPixels)]);
        }
        if (MaxConcurrentDecodes is < 1 or > 64)
        {
            yield return new ValidationResult("Kfk:Media:MaxConcurrentDecodes must be between 1 and 64.", [nameof(MaxConcurrentDecodes)]);
        }
        if (MaxDecodeWait < TimeSpan.Zero || MaxDecodeWait > TimeSpan.FromMinutes(1))
        {
            yield return new ValidationResult("Kfk:Media:MaxDecodeWait must be between 0 and 1 minute.", [nameof(MaxDecodeWait)]);
        }
        if (ThumbnailSize is < 16 or > 2048 || AvatarSizes.Count == 0 || AvatarSizes.Any(s => s is < 16 or > 1024))
        {
            yield return new ValidationResult("Kfk:Media:ThumbnailSize and AvatarSizes must be between 16 and 2048 pixels.", [nameof(ThumbnailSize)]);
        }
    }
}
