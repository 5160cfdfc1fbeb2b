using System.Security.Claims;
using System.Text.Encodings.Web;
using Kfk.Functions.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Auth;

/// <summary>
/// The native API's schemes answer a refused caller, unknown (challenge) or not admitted (forbid), with the endpoint's
/// <see cref="CallerRefusal"/>: problem+json, 401.
/// </summary>
public abstract class NativeAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => RefuseAsync();

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => RefuseAsync();

    private Task RefuseAsync() => CallerRefusal.For(Context).ToProblem().ExecuteAsync(Context);

    protected AuthenticateResult Success(ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
}
