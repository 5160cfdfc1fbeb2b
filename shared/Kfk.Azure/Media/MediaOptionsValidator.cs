using Microsoft.Extensions.Options;

namespace Kfk.Azure.Media;

/// <summary>The data annotations and <c>Validate</c> of <see cref="MediaOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class MediaOptionsValidator : IValidateOptions<MediaOptions>;
