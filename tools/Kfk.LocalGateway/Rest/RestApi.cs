using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.LocalGateway.Clients;
using Kfk.LocalGateway.Configuration;
using Kfk.LocalGateway.Connections;
using Kfk.LocalGateway.Filters;
using Kfk.LocalGateway.Permissions;
using Kfk.LocalGateway.Tokens;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Kfk.LocalGateway.Rest;

/// <summary>
/// The data-plane REST API (any stable api-version is accepted). Paths are matched on the raw request target and
/// each segment is percent-decoded separately, so ids containing '/' survive. Exact success codes: 202 for sends,
/// 200 for PUT/addToGroups/removeFromGroups/grant, 204 for DELETE/close/revoke, 200/404 for HEAD.
/// </summary>
public static class RestApi
{
    private static readonly HashSet<string> ApiVersions = ["2021-10-01", "2022-11-01", "2023-07-01", "2024-01-01", "2024-12-01"];

    public static void MapRestApi(this IEndpointRouteBuilder app)
    {
        // The service answers its health probe without credentials (and without api-version), to HEAD and GET alike.
        app.MapMethods("/api/health", [HttpMethods.Head, HttpMethods.Get], () => Results.Ok());
        app.Map("/api/{**rest}", (Delegate)HandleAsync);
    }

    private static async Task<IResult> HandleAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var gateway = services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        var registry = services.GetRequiredService<ConnectionRegistry>();

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var rawPath = rawTarget.Split('?')[0];
        var segments = rawPath.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var method = context.Request.Method;

        if (!ApiVersions.Contains(context.Request.Query["api-version"].ToString()))
        {
            return Error(400, "InvalidApiVersion", "A supported api-version query parameter is required.");
        }
        if (!Authorized(context, gateway, time, rawPath, out var authFailure))
        {
            return Error(401, "Unauthorized", authFailure);
        }
        if (segments.Length < 3 || segments[0] != "api" || segments[1] != "hubs" || gateway.FindHub(segments[2]) is null)
        {
            return Error(404, "NotFound", "No such hub or operation.");
        }
        var ttl = context.Request.Query["messageTtlSeconds"].ToString();
        if (ttl.Length > 0 && (!int.TryParse(ttl, out var ttlSeconds) || ttlSeconds is < 0 or > 300))
        {
            return Error(400, "InvalidMessageTtl", "messageTtlSeconds must be 0-300.");
        }
        var hub = segments[2];
        var rest = segments[3..];
        var excluded = Multi(context, "excluded");
        var reason = context.Request.Query["reason"].ToString() is { Length: > 0 } r ? r : null;
        var filterValues = context.Request.Query["filter"];
        if (filterValues.Count > 1)
        {
            return Error(400, "InvalidFilter", "Give at most one filter query parameter.");
        }
        if (!TryParseFilter(filterValues.ToString(), out var filter, out var invalidFilter))
        {
            return invalidFilter;
        }
        if (filter is not null && !(method == "POST" && rest is [":send"] or ["users", _, ":send"] or ["groups", _, ":send"]))
        {
            return Error(400, "FilterNotSupported",
                "This operation takes no filter query parameter; send to all, to a user and to a group do, and :addToGroups/:removeFromGroups take one in the body.");
        }

        switch (method, rest)
        {
            case ("POST", [":send"]):
                return await SendAsync(context, registry.InHub(hub).Where(c => !excluded.Contains(c.ConnectionId)).Matching(filter, registry), null);
            case ("POST", ["users", var user, ":send"]):
                return await SendAsync(context, registry.OfUser(hub, user).Matching(filter, registry), null);
            case ("POST", ["connections", var id, ":send"]):
                return await SendAsync(context, registry.Find(hub, id) is { } target ? [target] : [], null);
            case ("POST", ["groups", var group, ":send"]) when ValidGroup(group):
                return await SendAsync(context, registry.InGroup(hub, group).Where(c => !excluded.Contains(c.ConnectionId)).Matching(filter, registry), group);

            case ("PUT", ["groups", var group, "connections", var id]) when ValidGroup(group):
                if (registry.Find(hub, id) is not { } joining)
                {
                    return Error(404, "NotFound", $"Connection {id} does not exist.");
                }
                registry.Join(joining, group);
                return Results.Ok();
            case ("DELETE", ["groups", var group, "connections", var id]) when ValidGroup(group):
                if (registry.Find(hub, id) is { } leaving)
                {
                    registry.Leave(leaving, group);
                }
                return Results.NoContent();
            case ("DELETE", ["connections", var id, "groups"]):
                if (registry.Find(hub, id) is { } leavingAll)
                {
                    foreach (var g in registry.GroupsOf(leavingAll).ToList())
                    {
                        registry.Leave(leavingAll, g);
                    }
                }
                return Results.NoContent();
            case ("PUT", ["users", var user, "groups", var group]) when ValidGroup(group):
                var userConnections = registry.OfUser(hub, user).ToList();
                if (userConnections.Count == 0)
                {
                    return Error(404, "NotFound", $"User `{user}` is not found.");
                }
                userConnections.ForEach(c => registry.Join(c, group));
                return Results.Ok();
            case ("DELETE", ["users", var user, "groups", var group]) when ValidGroup(group):
                foreach (var c in registry.OfUser(hub, user))
                {
                    registry.Leave(c, group);
                }
                return Results.NoContent();
            case ("DELETE", ["users", var user, "groups"]):
                foreach (var c in registry.OfUser(hub, user))
                {
                    foreach (var g in registry.GroupsOf(c).ToList())
                    {
                        registry.Leave(c, g);
                    }
                }
                return Results.NoContent();
            case ("POST", [":addToGroups" or ":removeFromGroups"]):
                return await ChangeGroupsAsync(context, registry, hub, rest[0] == ":addToGroups");

            case ("DELETE", ["connections", var id]):
                Close(registry.Find(hub, id) is { } closing ? [closing] : [], reason);
                return Results.NoContent();
            case ("POST", [":closeConnections"]):
                Close(registry.InHub(hub).Where(c => !excluded.Contains(c.ConnectionId)), reason);
                return Results.NoContent();
            case ("POST", ["groups", var group, ":closeConnections"]) when ValidGroup(group):
                Close(registry.InGroup(hub, group).Where(c => !excluded.Contains(c.ConnectionId)), reason);
                return Results.NoContent();
            case ("POST", ["users", var user, ":closeConnections"]):
                Close(registry.OfUser(hub, user).Where(c => !excluded.Contains(c.ConnectionId)), reason);
                return Results.NoContent();

            case ("HEAD", ["connections", var id]):
                return registry.Find(hub, id) is null ? Results.NotFound() : Results.Ok();
            case ("HEAD", ["users", var user]):
                return registry.OfUser(hub, user).Any() ? Results.Ok() : Results.NotFound();
            case ("HEAD", ["groups", var group]) when ValidGroup(group):
                return registry.InGroup(hub, group).Any() ? Results.Ok() : Results.NotFound();

            case ("PUT" or "DELETE" or "HEAD", ["permissions", var permission, "connections", var id]):
                return Permission(context, registry, hub, permission, id);

            case ("POST", [":generateToken"]):
                return GenerateToken(context, gateway, time, hub);
            case ("GET", ["groups", var group, "connections"]) when ValidGroup(group):
                return ListGroup(context, gateway, registry, hub, group, rawPath);
            default:
                return Error(404, "NotFound", "No such operation.");
        }
    }

    private static async Task<IResult> SendAsync(HttpContext context, IEnumerable<GatewayConnection> targets, string? group)
    {
        var type = Delivery.FromContentType(context.Request.ContentType);
        if (type is null)
        {
            return Error(415, "UnsupportedMediaType", "Content-Type must be application/json, text/plain or application/octet-stream.");
        }
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var payload = body.ToArray();
        foreach (var target in targets)
        {
            if (group is null)
            {
                Delivery.ServerMessage(target, type.Value, payload);
            }
            else
            {
                Delivery.GroupMessage(target, group, null, type.Value, payload);
            }
        }
        return Results.StatusCode(202);
    }

    private static async Task<IResult> ChangeGroupsAsync(HttpContext context, ConnectionRegistry registry, string hub, bool add)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            // Duplicate keys surface only when the object is read.
            _ = body?.Count;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            body = null;
        }
        var groups = (body?["groups"] as JsonArray)?.Select(StringOf).ToList();
        var filterNode = body?["filter"];
        var filterText = StringOf(filterNode);
        if (groups is null || groups.Count == 0 || !groups.All(g => g is not null && ValidGroup(g)) || (filterNode is not null && filterText is null))
        {
            return Error(400, "InvalidRequest", "The body must be {\"groups\":[\"<group>\",...],\"filter\":\"<OData filter, optional>\"}.");
        }
        if (!TryParseFilter(filterText, out var filter, out var invalidFilter))
        {
            return invalidFilter;
        }
        foreach (var connection in registry.InHub(hub).Matching(filter, registry).ToList())
        {
            foreach (var group in groups)
            {
                if (add)
                {
                    registry.Join(connection, group!);
                }
                else
                {
                    registry.Leave(connection, group!);
                }
            }
        }
        return Results.Ok();
    }

    /// <summary>An omitted or blank filter selects every connection (null); an invalid one is a 400.</summary>
    private static bool TryParseFilter(string? text, out ConnectionFilter? filter, [NotNullWhen(false)] out IResult? error)
    {
        filter = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }
        if (ConnectionFilter.TryParse(text, out var parsed, out var message))
        {
            filter = parsed;
            return true;
        }
        error = Error(400, "InvalidFilter", message);
        return false;
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static void Close(IEnumerable<GatewayConnection> connections, string? reason)
    {
        foreach (var connection in connections.ToList())
        {
            if (connection.Protocol != ClientProtocol.Simple)
            {
                Delivery.System(connection, new JsonObject { ["type"] = "system", ["event"] = "disconnected", ["message"] = reason ?? "ClosedByAppServer" });
            }
            connection.RequestClose(reason ?? "ClosedByAppServer", WebSocketCloseStatus.NormalClosure);
        }
    }

    /// <summary>
    /// Grant/revoke/check of one permission. Without <c>targetName</c> they concern every group: grant and revoke set
    /// or clear the permission for all groups, check answers whether it holds for all of them (SDK docs). With it they
    /// concern that group only, and the check counts all-groups and wildcard grants too (what a client would get).
    /// </summary>
    private static IResult Permission(HttpContext context, ConnectionRegistry registry, string hub, string permission, string id)
    {
        if (permission is not (ConnectionPermissions.SendToGroupName or ConnectionPermissions.JoinLeaveGroupName))
        {
            return Error(400, "InvalidPermission", "permission must be sendToGroup or joinLeaveGroup.");
        }
        var target = context.Request.Query["targetName"].ToString() is { Length: > 0 } t ? t : null;
        if (target is not null && !ValidGroup(target))
        {
            return Error(400, "InvalidTargetName", "targetName must be a group name: 1-1024 characters, not only whitespace.");
        }
        var granted = registry.Find(hub, id)?.Permissions.Named(permission);
        switch (context.Request.Method)
        {
            case "PUT":
                if (granted is null)
                {
                    return Error(404, "NotFound", $"Connection {id} does not exist.");
                }
                if (target is null)
                {
                    granted.GrantAll();
                }
                else if (!granted.TryGrant(target))
                {
                    return TooManyGroups();
                }
                return Results.Ok();
            case "DELETE":
                if (granted is null)
                {
                    return Results.NoContent();
                }
                if (target is null)
                {
                    granted.RevokeAll();
                }
                else if (!granted.TryRevoke(target))
                {
                    return TooManyGroups();
                }
                return Results.NoContent();
            default:
                var has = granted is not null && (target is null ? granted.AllowsEveryGroup : granted.Allows(target));
                return has ? Results.Ok() : Results.NotFound();
        }
    }

    private static IResult TooManyGroups() =>
        Error(400, "TooManyPermissions", $"A connection holds at most {GroupPermission.MaxGroups} per-group grants and revocations per permission.");

    private static IResult GenerateToken(HttpContext context, GatewayOptions gateway, TimeProvider time, string hub)
    {
        var minutes = int.TryParse(context.Request.Query["minutesToExpire"], out var m) && m >= 1 ? m : 60;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = $"{gateway.EndpointUri.GetLeftPart(UriPartial.Authority)}/client/hubs/{hub}",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(minutes).ToUnixTimeSeconds(),
        };
        if (context.Request.Query["userId"].ToString() is { Length: > 0 } userId)
        {
            claims["sub"] = userId;
        }
        if (Multi(context, "role") is { Count: > 0 } roles)
        {
            claims["role"] = roles;
        }
        if (Multi(context, "group") is { Count: > 0 } groups)
        {
            claims["webpubsub.group"] = groups;
        }
        return Results.Json(new { token = Hs256Token.Issue(claims, gateway.AccessKeys[0]) });
    }

    private static IResult ListGroup(HttpContext context, GatewayOptions gateway, ConnectionRegistry registry, string hub, string group, string rawPath)
    {
        var pageSize = int.TryParse(context.Request.Query["maxpagesize"], out var size) ? Math.Clamp(size, 1, 200) : 200;
        var top = int.TryParse(context.Request.Query["top"], out var t) && t >= 1 ? t : int.MaxValue;
        var skip = int.TryParse(context.Request.Query["continuationToken"], out var s) && s >= 0 ? s : 0;
        var members = registry.InGroup(hub, group).OrderBy(c => c.ConnectionId, StringComparer.Ordinal).Take(top).ToList();
        var page = members.Skip(skip).Take(pageSize).Select(c => new { connectionId = c.ConnectionId, userId = c.UserId }).ToList();
        string? nextLink = null;
        if (skip + pageSize < members.Count)
        {
            nextLink = $"{gateway.EndpointUri.GetLeftPart(UriPartial.Authority)}{rawPath}?api-version={context.Request.Query["api-version"]}" +
                $"&maxpagesize={pageSize}&continuationToken={skip + pageSize}" + (top == int.MaxValue ? "" : $"&top={top}");
        }
        return Results.Json(new { value = page, nextLink });
    }

    /// <summary>HS256 with a configured key; <c>aud</c> (query and trailing slash dropped, percent-decoded) must be this URL.</summary>
    private static bool Authorized(HttpContext context, GatewayOptions gateway, TimeProvider time, string rawPath, out string failure)
    {
        failure = "";
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            failure = "A bearer token is required.";
            return false;
        }
        var claims = Hs256Token.Validate(header[7..].Trim(), gateway.AccessKeys, time.GetUtcNow(), out var invalid);
        if (claims is null)
        {
            failure = invalid ?? "Invalid token.";
            return false;
        }
        var request = Normalize($"{context.Request.Scheme}://{context.Request.Host}{rawPath}");
        var matches = Hs256Token.Strings(claims.Value, "aud").Any(aud => gateway.LenientRestAudience
            ? string.Equals(PathOf(Normalize(aud)), PathOf(request), StringComparison.OrdinalIgnoreCase)
            : string.Equals(Normalize(aud), request, StringComparison.OrdinalIgnoreCase));
        if (!matches)
        {
            failure = "The token's audience is not this request URL.";
        }
        return matches;
    }

    private static string Normalize(string url) => Uri.UnescapeDataString(url.Split('?')[0].TrimEnd('/'));

    private static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;

    private static List<string> Multi(HttpContext context, string name) =>
        [.. context.Request.Query[name].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))];

    private static bool ValidGroup(string group) => group.Length is >= 1 and <= 1024 && !string.IsNullOrWhiteSpace(group);

    private static IResult Error(int status, string code, string message) => new ServiceError(status, code, message);
}
