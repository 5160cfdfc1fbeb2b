using Kfk.Core.Identity;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.WebApp;

/// <summary>
/// <c>POST /app/demo/token?user_id=</c>: the demo shop page's stand-in for a platform's own token endpoint, which answers
/// a Kfk user token for the buyer logged in on the shop. It trusts the caller, so it exists only with
/// <c>Kfk:Demo:Enabled</c> (on for ./run.sh and the browser tests, never in a deployment).
/// </summary>
public static class DemoTokenApi
{
    public const string EnabledSetting = "Kfk:Demo:Enabled";
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    public static WebApplication MapDemoToken(this WebApplication app)
    {
        if (app.Configuration.GetValue<bool>(EnabledSetting))
        {
            app.MapPost($"{WebAppFiles.RequestPath}/demo/token", IssueAsync).ExcludeFromDescription();
        }
        return app;
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueAsync(long? user_id, TokenService tokens, CancellationToken cancellationToken)
    {
        if (user_id is not > 0)
        {
            return Kfk.Core.Common.Error.Validation("invalid_user_id", "user_id must be a positive number.", "user_id").ToProblem();
        }
        var issued = await tokens.IssueAsync(new Principal(PrincipalKind.User, UserId: user_id), Lifetime, cancellationToken);
        return issued.IsSuccess
            ? TypedResults.Ok(new TokenResponse(issued.Value.Token, issued.Value.ExpiresAt, "user"))
            : issued.Error.ToProblem();
    }
}
