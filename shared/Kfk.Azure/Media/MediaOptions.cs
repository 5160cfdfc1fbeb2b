using System.ComponentModel.DataAnnotations;

namespace Kfk.Azure.Media;

/// <summary>
/// Where images are stored and how they are served (section <c>Kfk:Media</c>; what is accepted and made of them:
/// <see cref="Kfk.Core.Media.ImageOptions"/>, same section).
/// </summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Media";

    /// <summary>The private container holding every image, its thumbnail and avatar sizes.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Kfk:Media:Container must be a valid blob container name.")]
    public string Container { get; set; } = "media";

    /// <summary>
    /// The public address of this deployment (the function app), e.g. <c>https://kfk-app.azurewebsites.net</c>: media URLs
    /// are <c>{PublicBaseUrl}/media/{id}</c>, and chat images must be such URLs.
    /// </summary>
    [Required]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";

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
