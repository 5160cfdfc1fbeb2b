using Azure.Core;

namespace Kfk.Azure.WebPubSub;

/// <summary>Produces the bearer token for one data-plane request.</summary>
public abstract class WebPubSubAuthentication
{
    public abstract ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken);

    public static WebPubSubAuthentication Create(WebPubSubOptions options, TimeProvider time, Func<TokenCredential> credential) =>
        options.UsesAccessKeys
            ? new AccessKeyAuthentication(WebPubSubConnectionString.Parse(options.ConnectionString!).AccessKey, time)
            : new EntraIdAuthentication(credential());
}

/// <summary>A fresh HS256 token per request whose <c>aud</c> is the full request URL, as the SDKs send it.</summary>
public sealed class AccessKeyAuthentication(string accessKey, TimeProvider time) : WebPubSubAuthentication
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public override ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = requestUri.AbsoluteUri,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
        };
        return ValueTask.FromResult(HmacJwt.Create(claims, accessKey));
    }
}

/// <summary>An Entra ID token for the Web PubSub data plane (role "Web PubSub Service Owner").</summary>
public sealed class EntraIdAuthentication(TokenCredential credential) : WebPubSubAuthentication
{
    private static readonly TokenRequestContext Scope = new(["https://webpubsub.azure.com/.default"]);

    public override async ValueTask<string> GetBearerTokenAsync(Uri requestUri, CancellationToken cancellationToken) =>
        (await credential.GetTokenAsync(Scope, cancellationToken)).Token;
}
