using System.ComponentModel.DataAnnotations;

namespace Kfk.Core.Common;

/// <summary>The platform's time zone setting (<c>Kfk:Platform:TimeZone</c>), one for both hubs and every route.</summary>
public sealed class PlatformTimeZoneOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Platform";

    /// <summary>The platform's time zone (IANA id) for wall clock texts such as <c>create_time</c> and <c>created_at</c>.</summary>
    public string TimeZone { get; set; } = PlatformTimeZone.ChinaStandardTimeId;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PlatformTimeZone.Find(TimeZone) is null)
        {
            yield return new ValidationResult($"{SectionName}:TimeZone '{TimeZone}' is not a known time zone.", [nameof(TimeZone)]);
        }
    }
}
