using Kfk.Core.Identity;

namespace Kfk.Functions.Likeshop;

/// <summary>The session of a likeshop REST request, kefu or user side: the token travels in the <c>token</c> header.</summary>
public static class LikeshopSession
{
    public const string TokenHeader = "token";

    public static string Token(HttpRequest request) => request.Headers[TokenHeader].ToString();

    /// <summary>The signed-in agent, or null (the caller answers "登录超时，请重新登录").</summary>
    public static async Task<Principal?> AuthenticateKefuAsync(HttpRequest request, TokenService tokens, CancellationToken cancellationToken) =>
        await tokens.AuthenticateAsync(Token(request), cancellationToken) is { Kind: PrincipalKind.Kefu } principal ? principal : null;

    public const string ExpiredMessage = "登录超时，请重新登录";
}
