using Kfk.Core.Disputes;
using Microsoft.Extensions.Options;

namespace Kfk.Azure.Disputes;

/// <summary>The data annotations and <c>Validate</c> of <see cref="DisputeOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class DisputeOptionsValidator : IValidateOptions<DisputeOptions>;
