using System.Text.Encodings.Web;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Auth;

/// <summary>
/// <c>X-Kfk-Api-Key</c> (<see cref="PlatformApiKey"/>): no header is no result; a key that is not the platform's fails.
/// </summary>
public sealed class PlatformKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IOptions<PlatformOptions> platform)
    : NativeAuthenticationHandler(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[PlatformApiKey.HeaderName].ToString();
        var result = presented.Length == 0 ? AuthenticateResult.NoResult()
            : PlatformApiKey.Matches(presented, platform.Value.ApiKey) ? Success(KfkClaims.Platform(Scheme.Name))
            : AuthenticateResult.Fail($"The {PlatformApiKey.HeaderName} is not the platform's.");
        return Task.FromResult(result);
    }
}
