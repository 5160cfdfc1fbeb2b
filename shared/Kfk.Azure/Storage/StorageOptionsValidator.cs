using Microsoft.Extensions.Options;

namespace Kfk.Azure.Storage;

/// <summary>The data annotations and <c>Validate</c> of <see cref="StorageOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;
