namespace Kfk.Azure.WebPubSub;

/// <summary>A client's URL to connect to a hub: <c>ws(s)://host/client/hubs/{hub}?access_token=…</c>.</summary>
public sealed record ClientAccess(string Token, Uri BaseUrl, Uri Url, DateTimeOffset ExpiresAt);

/// <summary>
/// Client access tokens for a hub. With access keys Kfk signs them (HS256, <c>aud</c> =
/// <c>{http(s) endpoint}/client/hubs/{hub}</c>, <c>sub</c>, <c>role</c> and <c>webpubsub.group</c> arrays, <c>iat</c>,
/// <c>nbf</c>, <c>exp</c>); in Entra ID mode the service mints them (<c>:generateToken</c>).
/// </summary>
public sealed class ClientAccessTokens(WebPubSubOptions options, WebPubSubRestClient rest, TimeProvider time)
{
    private readonly WebPubSubConnectionString? _keys = options.UsesAccessKeys ? WebPubSubConnectionString.Parse(options.ConnectionString!) : null;
    private readonly Uri _endpoint = options.ServiceEndpoint;

    public async Task<ClientAccess> CreateAsync(string hub, string? userId, IReadOnlyList<string> roles, IReadOnlyList<string> groups,
        TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var token = _keys is not null
            ? Sign(_keys, hub, userId, roles, groups, now, expires)
            : await rest.GenerateClientTokenAsync(hub, userId, roles, groups, Math.Max(1, (int)Math.Ceiling(lifetime.TotalMinutes)), cancellationToken);
        var baseUrl = ClientBaseUrl(_endpoint, hub);
        return new ClientAccess(token, baseUrl, new Uri($"{baseUrl}?access_token={Uri.EscapeDataString(token)}"), expires);
    }

    public static Uri ClientBaseUrl(Uri endpoint, string hub)
    {
        var scheme = endpoint.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return new Uri($"{scheme}://{endpoint.Authority}/client/hubs/{Uri.EscapeDataString(hub)}");
    }

    public static string Audience(Uri endpoint, string hub) => $"{endpoint.GetLeftPart(UriPartial.Authority)}/client/hubs/{hub}";

    public static string Sign(WebPubSubConnectionString connection, string hub, string? userId, IReadOnlyList<string> roles,
        IReadOnlyList<string> groups, DateTimeOffset now, DateTimeOffset expires)
    {
        var claims = new Dictionary<string, object>
        {
            ["aud"] = Audience(connection.Endpoint, hub),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = expires.ToUnixTimeSeconds(),
        };
        if (!string.IsNullOrEmpty(userId))
        {
            claims["sub"] = userId;
        }
        if (roles.Count > 0)
        {
            claims["role"] = roles.ToArray();
        }
        if (groups.Count > 0)
        {
            claims["webpubsub.group"] = groups.ToArray();
        }
        return HmacJwt.Create(claims, connection.AccessKey);
    }
}
