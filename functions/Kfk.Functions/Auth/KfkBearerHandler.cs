using System.Text.Encodings.Web;
using Kfk.Core.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Auth;

/// <summary><c>Authorization: Bearer kfk_…</c>: the principal of a live Kfk token (<see cref="TokenService"/>).</summary>
public sealed class KfkBearerHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : NativeAuthenticationHandler(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        return await tokens.AuthenticateAsync(authorization[Prefix.Length..].Trim(), Context.RequestAborted) is { } principal
            ? Success(KfkClaims.For(principal, Scheme.Name))
            : AuthenticateResult.Fail("The bearer token is unknown or expired.");
    }
}
