using System.Text.Encodings.Web;
using Kfk.Core.Identity;
using Kfk.Functions.Likeshop;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Auth;

/// <summary>
/// The likeshop clients' session: a Kfk token in the <c>token</c> header. A refused caller, unknown or not admitted,
/// gets what the legacy server answered: <see cref="LikeshopEnvelope.Expired"/> with HTTP 200, on which both real clients
/// send the person to log in again.
/// </summary>
public sealed class LikeshopTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, TokenService tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = LikeshopSession.Token(Request);
        if (token.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }
        return await tokens.AuthenticateAsync(token, Context.RequestAborted) is { } principal
            ? AuthenticateResult.Success(new AuthenticationTicket(KfkClaims.For(principal, Scheme.Name), Scheme.Name))
            : AuthenticateResult.Fail("The token is unknown or expired.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => SessionExpiredAsync();

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => SessionExpiredAsync();

    private Task SessionExpiredAsync()
    {
        Response.StatusCode = StatusCodes.Status200OK;
        return LikeshopEnvelope.Expired().ExecuteAsync(Context);
    }
}
