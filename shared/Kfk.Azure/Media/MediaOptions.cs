using System.ComponentModel.DataAnnotations;

namespace Kfk.Azure.Media;

/// <summary>Images and avatars (section <c>Kfk:Media</c>).</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Media";

    /// <summary>The private container holding every image, its thumbnail and avatar sizes.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Kfk:Media:Container must be a valid blob container name.")]
    public string Container { get; set; } = "media";

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

    /// <summary>
    /// The public address of this deployment (the function app), e.g. <c>https://kfk-app.azurewebsites.net</c>: media URLs
    /// are <c>{PublicBaseUrl}/media/{id}</c>, and chat images must be such URLs.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

    /// <summary>The longest side of a thumbnail.</summary>
    public int ThumbnailSize { get; set; } = 320;

    /// <summary>The square avatar sizes stored for agents and shops.</summary>
    public List<int> AvatarSizes { get; set; } = [64, 128, 256];

    /// <summary>How long the signed read URL a media URL redirects to stays valid.</summary>
    public TimeSpan ReadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Uploads per identity per minute.</summary>
    public int UploadsPerMinute { get; set; } = 30;

    public Uri PublicBase => new(PublicBaseUrl.TrimEnd('/') + "/");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult("Kfk:Media:PublicBaseUrl must be the app's absolute http(s) address.", [nameof(PublicBaseUrl)]);
        }
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
        if (ReadUrlLifetime < TimeSpan.FromMinutes(5) || ReadUrlLifetime > TimeSpan.FromDays(6))
        {
            yield return new ValidationResult("Kfk:Media:ReadUrlLifetime must be between 5 minutes and 6 days.", [nameof(ReadUrlLifetime)]);
        }
        if (UploadsPerMinute < 1)
        {
            yield return new ValidationResult("Kfk:Media:UploadsPerMinute must be positive.", [nameof(UploadsPerMinute)]);
        }
    }
}
