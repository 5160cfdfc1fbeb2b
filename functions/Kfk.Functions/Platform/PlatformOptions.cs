using System.ComponentModel.DataAnnotations;

namespace Kfk.Functions.Platform;

public sealed class PlatformOptions
{
    public const string SectionName = "Kfk:Platform";

    /// <summary>The key the shop platform's backend sends as <c>X-Kfk-Api-Key</c>. Never logged.</summary>
    [Required(ErrorMessage = "Kfk:Platform:ApiKey is required: the shop platform authenticates with it.")]
    [StringLength(int.MaxValue, MinimumLength = 16, ErrorMessage = "Kfk:Platform:ApiKey must be at least 16 characters.")]
    public string ApiKey { get; set; } = "";
}
