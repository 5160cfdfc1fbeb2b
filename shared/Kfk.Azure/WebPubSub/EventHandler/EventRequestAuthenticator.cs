using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Kfk.Azure.WebPubSub.EventHandler;

/// <summary>Decides whether an event-handler request really comes from our Web PubSub resource.</summary>
public abstract class EventRequestAuthenticator
{
    /// <param name="connectionId">The <c>ce-connectionId</c> header.</param>
    /// <param name="signature">The <c>ce-signature</c> header.</param>
    /// <param name="authorization">The <c>Authorization</c> header.</param>
    /// <param name="cancellationToken">Ends the check with the request.</param>
    public abstract Task<bool> IsAuthenticAsync(string connectionId, string? signature, string? authorization, CancellationToken cancellationToken);

    /// <summary>The origin host the service announces in <c>WebHook-Request-Origin</c>.</summary>
    public abstract bool IsAllowedOrigin(string origin);
}

/// <summary>Access-key mode: <c>ce-signature</c> against every configured key.</summary>
public sealed class SignatureAuthenticator(IReadOnlyList<string> accessKeys, Uri serviceEndpoint) : EventRequestAuthenticator
{
    public override Task<bool> IsAuthenticAsync(string connectionId, string? signature, string? authorization, CancellationToken cancellationToken) =>
        Task.FromResult(EventSignature.IsValid(signature, connectionId, accessKeys));

    public override bool IsAllowedOrigin(string origin) => string.Equals(origin, serviceEndpoint.Host, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Entra ID mode (access keys disabled): the hub's event handler uses auth type ManagedIdentity, so every request
/// carries <c>Authorization: Bearer</c> with a token of the resource's managed identity for our app's audience.
/// </summary>
public sealed class ManagedIdentityAuthenticator(
    IConfigurationManager<OpenIdConnectConfiguration> configuration,
    string audience,
    Uri serviceEndpoint) : EventRequestAuthenticator
{
    private readonly JsonWebTokenHandler _handler = new();

    public static ManagedIdentityAuthenticator ForTenant(string tenantId, string audience, Uri serviceEndpoint) =>
        new(new ConfigurationManager<OpenIdConnectConfiguration>(
                $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenantId)}/v2.0/.well-known/openid-configuration",
                new OpenIdConnectConfigurationRetriever(),
                new HttpDocumentRetriever { RequireHttps = true }),
            audience,
            serviceEndpoint);

    public override async Task<bool> IsAuthenticAsync(string connectionId, string? signature, string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var openId = await configuration.GetConfigurationAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(authorization["Bearer ".Length..].Trim(), new TokenValidationParameters
        {
            ValidIssuers = [openId.Issuer, openId.Issuer.Replace("/v2.0", "", StringComparison.Ordinal).Replace("login.microsoftonline.com", "sts.windows.net", StringComparison.Ordinal) + "/"],
            ValidAudiences = [audience, audience.StartsWith("api://", StringComparison.Ordinal) ? audience[6..] : "api://" + audience],
            IssuerSigningKeys = openId.SigningKeys,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
        });
        return result.IsValid;
    }

    public override bool IsAllowedOrigin(string origin) => string.Equals(origin, serviceEndpoint.Host, StringComparison.OrdinalIgnoreCase);
}
