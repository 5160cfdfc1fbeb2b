using Microsoft.Extensions.Options;

namespace Kfk.Functions.Platform;

/// <summary>The data annotations and <c>Validate</c> of <see cref="PlatformOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class PlatformOptionsValidator : IValidateOptions<PlatformOptions>;
