using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Support;

/// <summary><c>Kfk:Support</c>: how the conversation lists are written behind the chat messages.</summary>
public sealed class InboxWriteBehindOptions : IValidatableObject
{
    public const string SectionName = "Kfk:Support";

    /// <summary>
    /// How often the pending list rows are written (default 1 s). The budget: a list may lag its message by at
    /// most 2 s, so 50 ms to 1.5 s are accepted (the flush itself takes the rest).
    /// </summary>
    public TimeSpan InboxFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InboxFlushInterval < TimeSpan.FromMilliseconds(50) || InboxFlushInterval > TimeSpan.FromSeconds(1.5))
        {
            yield return new ValidationResult("Kfk:Support:InboxFlushInterval must be between 00:00:00.050 and 00:00:01.500.",
                [nameof(InboxFlushInterval)]);
        }
    }
}

/// <summary>The <c>Validate</c> of <see cref="InboxWriteBehindOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class InboxWriteBehindOptionsValidator : IValidateOptions<InboxWriteBehindOptions>;
