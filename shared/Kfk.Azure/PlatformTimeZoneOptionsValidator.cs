using Kfk.Core.Common;
using Microsoft.Extensions.Options;

namespace Kfk.Azure;

/// <summary>The data annotations and <c>Validate</c> of <see cref="PlatformTimeZoneOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class PlatformTimeZoneOptionsValidator : IValidateOptions<PlatformTimeZoneOptions>;
