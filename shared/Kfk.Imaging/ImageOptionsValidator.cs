using Kfk.Core.Media;
using Microsoft.Extensions.Options;

namespace Kfk.Imaging;

/// <summary>The <c>Validate</c> of <see cref="ImageOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class ImageOptionsValidator : IValidateOptions<ImageOptions>;
