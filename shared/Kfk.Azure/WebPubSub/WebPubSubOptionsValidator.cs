using Microsoft.Extensions.Options;

namespace Kfk.Azure.WebPubSub;

/// <summary>The data annotations and <c>Validate</c> of <see cref="WebPubSubOptions"/>, checked by generated code (trim- and AOT-safe).</summary>
[OptionsValidator]
public sealed partial class WebPubSubOptionsValidator : IValidateOptions<WebPubSubOptions>;
