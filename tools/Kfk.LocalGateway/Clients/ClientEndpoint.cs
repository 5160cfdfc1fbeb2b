using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.LocalGateway.Configuration;
using Kfk.LocalGateway.Connections;
using Kfk.LocalGateway.Permissions;
using Kfk.LocalGateway.Tokens;
using Kfk.LocalGateway.Upstream;
using Microsoft.Extensions.Options;

namespace Kfk.LocalGateway.Clients;

/// <summary>
/// <c>/client/hubs/{hub}</c> (and <c>/client/?hub=</c>): token check, the blocking <c>connect</c> event, subprotocol
/// selection, then the connection's life: <c>connected</c>, frames, and <c>disconnected</c> once.
/// </summary>
public static class ClientEndpoint
{
    public static readonly string[] PredefinedProtocols =
        ["json.webpubsub.azure.v1", "json.reliable.webpubsub.azure.v1", "protobuf.webpubsub.azure.v1", "protobuf.reliable.webpubsub.azure.v1"];

    private static readonly HashSet<string> ReservedQuery = new(StringComparer.OrdinalIgnoreCase)
        { "access_token", "awps_connection_id", "awps_reconnection_token", "hub" };

    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
        { "Authorization", "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Connection", "Upgrade" };

    public static void MapClientEndpoint(this IEndpointRouteBuilder app)
    {
        app.Map("/client/hubs/{hub}", (HttpContext context, string hub) => AcceptAsync(context, hub));
        app.Map("/client", (HttpContext context) => AcceptAsync(context, context.Request.Query["hub"].ToString()));
    }

    private static async Task AcceptAsync(HttpContext context, string hub)
    {
        var services = context.RequestServices;
        var gateway = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Fail(context, 400, "A WebSocket upgrade is required.");
            return;
        }
        var settings = gateway.FindHub(hub);
        if (string.IsNullOrEmpty(hub) || settings is null)
        {
            await Fail(context, 404, $"Hub '{hub}' is not configured.");
            return;
        }
        if (context.Request.Query.ContainsKey("awps_connection_id"))
        {
            // Session recovery is not kept by this stand-in: refuse it the way the service does (1008), so the
            // client starts a brand-new connection.
            using var refused = await context.WebSockets.AcceptWebSocketAsync(PickOffered(context));
            await refused.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Session recovery is not supported by the local gateway.", context.RequestAborted);
            return;
        }

        JsonElement? claims = null;
        var token = context.Request.Query["access_token"].ToString();
        var authorization = context.Request.Headers.Authorization.ToString();
        if (token.Length == 0 && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization[7..].Trim();
        }
        if (token.Length > 0)
        {
            claims = Hs256Token.Validate(token, gateway.AccessKeys, time.GetUtcNow(), out var failure);
            if (claims is null || !AudienceMatches(claims.Value, context, hub, out failure))
            {
                await Fail(context, 401, failure ?? "Invalid token.");
                return;
            }
        }
        else if (!settings.AnonymousConnect)
        {
            await Fail(context, 401, "An access token is required.");
            return;
        }

        var connectionId = Base64ConnectionId();
        var userId = claims is { } c && c.TryGetProperty("sub", out var sub) && sub.ValueKind == JsonValueKind.String ? sub.GetString() : null;
        var roles = claims is { } r ? Hs256Token.Strings(r, "role") : [];
        var groups = claims is { } g ? Hs256Token.Strings(g, "webpubsub.group") : [];
        var offered = context.WebSockets.WebSocketRequestedProtocols.ToList();
        string? chosen = null;
        string? state = null;

        var upstream = services.GetRequiredService<UpstreamDispatcher>();
        var connectBody = JsonSerializer.SerializeToUtf8Bytes(new
        {
            claims = claims is { } all ? Hs256Token.AllClaims(all) : [],
            query = context.Request.Query.Where(q => !ReservedQuery.Contains(q.Key)).ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray()),
            headers = context.Request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)).ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray()),
            subprotocols = offered,
            clientCertificates = Array.Empty<object>(),
        });
        var connect = await upstream.SendAsync(new UpstreamEvent(hub, "connect", true, connectionId, userId, null, null, 0, "application/json; charset=utf-8", connectBody), context.RequestAborted);
        if (connect is not null)
        {
            if (!connect.IsSuccess)
            {
                var status = connect.Status is >= 400 and < 500 ? connect.Status : 500;
                await Fail(context, status, Encoding.UTF8.GetString(connect.Body));
                return;
            }
            state = connect.ConnectionState;
            if (connect.Status == 200 && connect.Body.Length > 0)
            {
                var answer = ParseConnectAnswer(connect.Body);
                if (answer is null)
                {
                    await Fail(context, 500, "The event handler's connect answer is not JSON.");
                    return;
                }
                (var newUserId, var newGroups, var newRoles, chosen) = answer.Value;
                userId = newUserId ?? userId;
                if (newGroups is not null)
                {
                    groups = newGroups;
                }
                if (newRoles is not null)
                {
                    roles = newRoles;
                }
                if (chosen is not null && !offered.Contains(chosen, StringComparer.Ordinal))
                {
                    await Fail(context, 500, $"The event handler chose subprotocol '{chosen}', which the client did not offer.");
                    return;
                }
            }
        }
        chosen ??= offered.Count == 1 && PredefinedProtocols.Contains(offered[0]) ? offered[0] : null;
        var protocol = chosen switch
        {
            "json.webpubsub.azure.v1" => ClientProtocol.Json,
            "json.reliable.webpubsub.azure.v1" => ClientProtocol.ReliableJson,
            _ => ClientProtocol.Simple,
        };

        // Built before the handshake completes: the client may call the REST API as soon as it sees the socket open.
        var permissions = ConnectionPermissions.FromRoles(roles);
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = chosen,
            KeepAliveInterval = TimeSpan.FromSeconds(Math.Clamp(gateway.KeepAliveSeconds, 1, 120)),
        });
        var connection = new GatewayConnection(hub, connectionId, userId, socket, protocol, chosen, permissions) { State = state };
        var registry = services.GetRequiredService<ConnectionRegistry>();
        registry.Add(connection);
        foreach (var group in groups)
        {
            registry.Join(connection, group);
        }
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var writer = connection.RunWriterAsync(lifetime.Token);
        if (protocol != ClientProtocol.Simple)
        {
            var connected = new JsonObject { ["type"] = "system", ["event"] = "connected", ["userId"] = userId, ["connectionId"] = connectionId };
            if (protocol == ClientProtocol.ReliableJson)
            {
                connected["reconnectionToken"] = Base64ConnectionId();
            }
            Delivery.System(connection, connected);
        }
        var connectedEvent = RaiseSystemEventAsync(upstream, connection, "connected", "{}"u8.ToArray());

        string reason;
        try
        {
            var session = new ClientSession(connection, registry, upstream, gateway, context.Request.Query);
            reason = await session.RunAsync(lifetime.Token);
        }
        finally
        {
            registry.Remove(connection);
        }
        connection.RequestClose(connection.CloseReason ?? reason);
        await Task.WhenAny(writer, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        await lifetime.CancelAsync();
        await writer;
        await connectedEvent;
        var body = JsonSerializer.SerializeToUtf8Bytes(new { reason = connection.CloseReason ?? reason });
        await RaiseSystemEventAsync(upstream, connection, "disconnected", body);
    }

    private static async Task RaiseSystemEventAsync(UpstreamDispatcher upstream, GatewayConnection connection, string name, byte[] body)
    {
        var id = Interlocked.Increment(ref connection.EventId);
        await upstream.SendAsync(new UpstreamEvent(connection.Hub, name, true, connection.ConnectionId, connection.UserId,
            connection.Subprotocol, connection.State, id, "application/json; charset=utf-8", body), CancellationToken.None);
    }

    private static (string? UserId, List<string>? Groups, List<string>? Roles, string? Subprotocol)? ParseConnectAnswer(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return (null, null, null, null);
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            static string? Text(JsonElement root, string name) =>
                root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            static List<string>? List(JsonElement root, string name) =>
                root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
                    ? [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                    : null;
            return (Text(root, "userId"), List(root, "groups"), List(root, "roles"), Text(root, "subprotocol"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary><c>aud</c> must name this hub on this host, with any of http/https/ws/wss, case-insensitively.</summary>
    private static bool AudienceMatches(JsonElement claims, HttpContext context, string hub, out string? failure)
    {
        failure = null;
        var audiences = Hs256Token.Strings(claims, "aud");
        var expected = $"//{context.Request.Host}/client/hubs/{hub}";
        if (audiences.Any(aud => StripScheme(aud) is { } rest && string.Equals(rest.TrimEnd('/'), expected, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }
        failure = "The token's audience does not match this hub.";
        return false;
    }

    private static string? StripScheme(string url)
    {
        var index = url.IndexOf("://", StringComparison.Ordinal);
        return index < 0 || url[..index].ToLowerInvariant() is not ("http" or "https" or "ws" or "wss") ? null : url[(index + 1)..];
    }

    private static string? PickOffered(HttpContext context) =>
        context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault(PredefinedProtocols.Contains);

    private static string Base64ConnectionId() =>
        Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static async Task Fail(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message);
    }
}
