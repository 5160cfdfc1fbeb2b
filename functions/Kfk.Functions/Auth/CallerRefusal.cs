using Kfk.Core.Common;

namespace Kfk.Functions.Auth;

/// <summary>
/// Endpoint metadata: the problem (401) a native endpoint answers when its policy refuses the caller, whether the caller
/// sent no credentials, credentials that do not authenticate, or is not one the endpoint admits. The most specific
/// applies (an endpoint's over its group's).
/// </summary>
public sealed record CallerRefusal(Error Error)
{
    public static readonly Error Default = Error.Unauthorized("unauthorized", "Send X-Kfk-Api-Key or Authorization: Bearer <a Kfk token>.");

    public static Error For(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<CallerRefusal>()?.Error ?? Default;
}
