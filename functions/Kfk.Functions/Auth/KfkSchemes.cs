namespace Kfk.Functions.Auth;

/// <summary>The authentication schemes; each answers its own refusals (<see cref="NativeAuthenticationHandler"/>, <see cref="LikeshopTokenHandler"/>).</summary>
public static class KfkSchemes
{
    /// <summary><c>X-Kfk-Api-Key</c>: the shop platform (<see cref="PlatformKeyHandler"/>).</summary>
    public const string PlatformKey = "PlatformKey";

    /// <summary><c>Authorization: Bearer kfk_…</c>: a live Kfk token (<see cref="KfkBearerHandler"/>).</summary>
    public const string Bearer = "KfkBearer";

    /// <summary>
    /// <see cref="PlatformKey"/> when the request carries the header, else <see cref="Bearer"/>: a key that is not the
    /// platform's is a refusal, never a fall-through to the token.
    /// </summary>
    public const string PlatformKeyOrBearer = "PlatformKeyOrBearer";

    /// <summary><c>token</c>: the likeshop clients' session, a Kfk token (<see cref="LikeshopTokenHandler"/>).</summary>
    public const string LikeshopToken = "LikeshopToken";
}
