using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kfk.Azure.WebPubSub.EventHandler;
using Kfk.Core.Realtime;
using Microsoft.Net.Http.Headers;
using H = Kfk.Azure.WebPubSub.EventHandler.CloudEventHeaders;

namespace Kfk.Functions.Realtime;

/// <summary>
/// The Web PubSub event handler for every hub: URL template <c>{app}/api/webpubsub/hubs/{hub}/{event}</c>.
/// Order of work: abuse-protection OPTIONS; header checks; authenticity (signature or managed-identity token, 401
/// before anything else); connection state (tampered → 401); a connection that has ended (410, see
/// <see cref="ConnectionLiveness"/>); a repeated user event (<c>ce-id</c>) gets its first reply; then the hub's dialect.
/// </summary>
public static partial class EventHandlerApi
{
    public const string RoutePrefix = "/api/webpubsub/hubs/{hub}";
    private const int MaxEventBodyBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapWebPubSubEventHandler(this IEndpointRouteBuilder app)
    {
        // Anonymous to the authentication schemes: the service authenticates each event by its signature (below).
        foreach (var pattern in new[] { RoutePrefix, RoutePrefix + "/{event}" })
        {
            app.MapMethods(pattern, [HttpMethods.Options], Validate).ExcludeFromDescription().AllowAnonymous();
            app.MapPost(pattern, HandleAsync).ExcludeFromDescription().AllowAnonymous();
        }
        return app;
    }

    /// <summary>Abuse protection: answer only our own service's origin.</summary>
    public static IResult Validate(HttpContext context, EventRequestAuthenticator authenticator)
    {
        var origins = context.Request.Headers[H.RequestOrigin].ToString()
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (origins.Length == 0)
        {
            return TypedResults.BadRequest("WebHook-Request-Origin is required.");
        }
        var allowed = origins.FirstOrDefault(authenticator.IsAllowedOrigin);
        if (allowed is null)
        {
            return TypedResults.BadRequest("Abuse protection validation failed.");
        }
        context.Response.Headers[H.AllowedOrigin] = allowed;
        return TypedResults.Ok();
    }

    public static async Task<IResult> HandleAsync(
        HttpContext context,
        string hub,
        EventRequestAuthenticator authenticator,
        ConnectionStateCodec stateCodec,
        ConnectionLiveness liveness,
        EventReplyCache replies,
        EventAdmission admission,
        IEnumerable<IHubDialect> dialects,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var headers = context.Request.Headers;
        string connectionId = headers[H.ConnectionId].ToString(), type = headers[H.Type].ToString(), ceHub = headers[H.Hub].ToString();
        if (headers[H.AwpsVersion].Count == 0 || connectionId.Length == 0 || type.Length == 0 || ceHub.Length == 0)
        {
            return Text(StatusCodes.Status400BadRequest, "Missing CloudEvents headers (ce-awpsversion, ce-type, ce-hub, ce-connectionId).");
        }
        if (!await authenticator.IsAuthenticAsync(connectionId, headers[H.Signature].ToString(), headers.Authorization.ToString(), cancellationToken))
        {
            return Text(StatusCodes.Status401Unauthorized, "Signature validation failed.");
        }
        var dialect = dialects.FirstOrDefault(d => string.Equals(d.Hub, ceHub, StringComparison.OrdinalIgnoreCase));
        if (dialect is null || !string.Equals(hub, ceHub, StringComparison.OrdinalIgnoreCase))
        {
            return Text(StatusCodes.Status400BadRequest, "Hub is not registered.");
        }
        var state = stateCodec.Decode(connectionId, headers[H.ConnectionState].ToString());
        if (state is null)
        {
            return Text(StatusCodes.Status401Unauthorized, "Connection state is not ours.");
        }
        var userId = headers[H.UserId].ToString();
        var connection = new RealtimeConnection(dialect.Hub, connectionId, userId.Length == 0 ? null : userId, ConnectionLease.WithoutStamp(ConnectionLiveness.WithoutStamp(state)));
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Text(StatusCodes.Status413PayloadTooLarge, "Event body exceeds 1 MB.");
        }
        if (liveness.IsKnownClosed(connectionId))
        {
            // A repeated disconnected is done already; anything else for an ended connection is a replay.
            return type == H.DisconnectedType ? TypedResults.Ok() : ConnectionGone();
        }
        var logger = loggers.CreateLogger(typeof(EventHandlerApi));
        LivenessCheck check;
        switch (type)
        {
            case H.ConnectType:
                return await ConnectAsync(context, dialect, connection, body, stateCodec, liveness.CurrentStamp, logger, cancellationToken);
            case H.ConnectedType:
                check = await liveness.CheckAsync(dialect.Hub, connectionId, state, cancellationToken);
                if (check.IsClosed)
                {
                    return ConnectionGone();
                }
                await RunSystemEventAsync(logger, type, () => dialect.ConnectedAsync(connection, cancellationToken));
                return TypedResults.Ok();
            case H.DisconnectedType:
                liveness.MarkClosed(connectionId);
                var reason = TryReadReason(body);
                EventLog.Closed(logger, dialect.Hub, connection, reason);
                await RunSystemEventAsync(logger, type, () => dialect.DisconnectedAsync(connection, reason, cancellationToken));
                return TypedResults.Ok();
            default:
                if (!type.StartsWith(H.UserTypePrefix, StringComparison.Ordinal))
                {
                    return Text(StatusCodes.Status400BadRequest, $"Unknown event type '{type}'.");
                }
                var dataType = DataTypeOf(context.Request.ContentType);
                if (dataType is null)
                {
                    return Text(StatusCodes.Status400BadRequest, "User events must be text/plain, application/json or application/octet-stream.");
                }
                check = await liveness.CheckAsync(dialect.Hub, connectionId, state, cancellationToken);
                if (check.IsClosed)
                {
                    return ConnectionGone();
                }
                var eventName = headers[H.EventName].ToString() is { Length: > 0 } name ? name : type[H.UserTypePrefix.Length..];
                var eventId = headers[H.Id].ToString() is { Length: > 0 } id ? id : null;
                var frame = FrameLabel.Of(dialect.Hub, eventName, body);
                var started = Stopwatch.GetTimestamp();
                using (var activity = EventLog.StartUserEvent(dialect.Hub, frame, connection))
                using (var lease = admission.TryEnter())
                {
                    if (!lease.IsAcquired)
                    {
                        // Not cached under the event id: a retry of this event may find room.
                        var busy = dialect.Refuse(FrameErrors.ServerBusy);
                        EventLog.UserEventAnswered(logger, activity, dialect.Hub, frame, connection, busy, Stopwatch.GetElapsedTime(started));
                        return Reply(context, new RepliedEvent(busy, null));
                    }
                    var userEvent = new UserEvent(eventName, dataType.Value, body, eventId);
                    var leaseStamps = (Stamp: ConnectionLease.StampOf(state), Now: liveness.CurrentStamp);
                    Func<Task<RepliedEvent>> handle = () => HandleUserEventAsync(dialect, connection, userEvent, check, leaseStamps, stateCodec,
                        admission.Deadline, logger, cancellationToken);
                    var replied = eventId is null ? await handle() : await replies.GetOrHandleAsync(connectionId, eventId, handle);
                    EventLog.UserEventAnswered(logger, activity, dialect.Hub, frame, connection, replied.Reply, Stopwatch.GetElapsedTime(started));
                    return Reply(context, replied);
                }
        }
    }

    /// <summary>
    /// For an ended connection there is no socket that a non-2xx could drop: the caller is a replay (or a late retry),
    /// and 410 says the connection is gone for good rather than that the credentials are wrong. The service retries no 4xx.
    /// </summary>
    private static IResult ConnectionGone() => Text(StatusCodes.Status410Gone, "The connection has ended.");

    /// <summary>
    /// The dialect's reply, or, when the event fails or outlives the deadline (storage down, a delivery failing), the
    /// dialect's busy error: a 5xx here would make the service drop the sender's socket. Use cases store before they
    /// deliver and dedupe resends, so the client can send the frame again. The connection's lease
    /// (<see cref="ConnectionLease"/>) is renewed alongside when due.
    /// </summary>
    private static async Task<RepliedEvent> HandleUserEventAsync(IHubDialect dialect, RealtimeConnection connection, UserEvent userEvent,
        LivenessCheck check, (long? Stamp, long Now) lease, ConnectionStateCodec stateCodec, TimeSpan deadline, ILogger logger,
        CancellationToken cancellationToken)
    {
        UserEventReply reply;
        bool renewed;
        using (var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            bounded.CancelAfter(deadline);
            var renewal = ConnectionLease.IsDue(lease.Stamp, lease.Now, connection.ConnectionId) ? RenewLeaseAsync(dialect, connection, logger, bounded.Token) : Task.FromResult(false);
            try
            {
                reply = await dialect.HandleAsync(connection, userEvent, bounded.Token);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                LogUserEventFailed(logger, ex, dialect.Hub, userEvent.Name, connection.ConnectionId, bounded.IsCancellationRequested);
                reply = dialect.Refuse(FrameErrors.ServerBusy);
            }
            renewed = await renewal;
        }
        var leaseStamp = renewed ? lease.Now : lease.Stamp;
        var newState = reply.State ?? (check.Restamped || renewed ? connection.State : null);
        var encoded = newState is null ? null
            : stateCodec.Encode(connection.ConnectionId, ConnectionLiveness.WithStamp(ConnectionLease.WithStamp(newState, leaseStamp), check.Stamp));
        return new RepliedEvent(reply, encoded);
    }

    /// <summary>False when the renewal failed (logged): the stamp stays old, so the next event tries again.</summary>
    private static async Task<bool> RenewLeaseAsync(IHubDialect dialect, RealtimeConnection connection, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await dialect.RenewAsync(connection, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested || ex is OperationCanceledException)
        {
            LogLeaseRenewalFailed(logger, ex, dialect.Hub, connection.ConnectionId);
            return false;
        }
    }

    private static async Task<IResult> ConnectAsync(HttpContext context, IHubDialect dialect, RealtimeConnection connection,
        byte[] body, ConnectionStateCodec stateCodec, long aliveStamp, ILogger logger, CancellationToken cancellationToken)
    {
        ConnectEventBody? connect;
        try
        {
            connect = body.Length == 0 ? new ConnectEventBody() : JsonSerializer.Deserialize(body, EventHandlerJsonContext.Default.ConnectEventBody);
        }
        catch (JsonException)
        {
            connect = null;
        }
        if (connect is null)
        {
            return Text(StatusCodes.Status400BadRequest, "The connect body is not the service's JSON.");
        }
        var request = new ConnectRequest(connection, Map(connect.Claims), Map(connect.Query), Map(connect.Headers), connect.Subprotocols ?? []);
        var result = await dialect.ConnectAsync(request, cancellationToken);
        EventLog.ConnectAnswered(logger, dialect.Hub, connection, result);
        switch (result)
        {
            case ConnectResult.Rejected rejected:
                return Text(rejected.Status is >= 400 and < 500 ? rejected.Status : StatusCodes.Status401Unauthorized, rejected.Reason);
            case ConnectResult.Accepted accepted:
                var state = ConnectionLiveness.WithStamp(ConnectionLease.WithStamp(accepted.State ?? new Dictionary<string, string>(), aliveStamp), aliveStamp);
                context.Response.Headers[H.ConnectionState] = stateCodec.Encode(connection.ConnectionId, state);
                if (accepted.UserId is null && accepted.Groups is null && accepted.Roles is null && accepted.Subprotocol is null)
                {
                    return TypedResults.NoContent();
                }
                return TypedResults.Json(new ConnectEventResponse(accepted.UserId, accepted.Groups, accepted.Roles, accepted.Subprotocol),
                    EventHandlerJsonContext.Default.ConnectEventResponse);
            default:
                throw new InvalidOperationException("Unknown connect result.");
        }
    }

    private static IResult Reply(HttpContext context, RepliedEvent replied)
    {
        if (replied.EncodedState is { } encoded)
        {
            context.Response.Headers[H.ConnectionState] = encoded;
        }
        var reply = replied.Reply;
        if (reply.Body is not { } bytes)
        {
            return TypedResults.NoContent();
        }
        var contentType = reply.DataType switch
        {
            RealtimeDataType.Json => "application/json; charset=utf-8",
            RealtimeDataType.Binary => "application/octet-stream",
            _ => "text/plain; charset=utf-8",
        };
        return TypedResults.Bytes(bytes.ToArray(), contentType);
    }

    private static async Task RunSystemEventAsync(ILogger logger, string type, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The service only logs a failed connected/disconnected; we log it here too and still answer 200.
            LogSystemEventFailed(logger, ex, type);
        }
    }

    private static RealtimeDataType? DataTypeOf(string? contentType)
    {
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return null;
        }
        return media.MediaType.Value?.ToLowerInvariant() switch
        {
            "text/plain" => RealtimeDataType.Text,
            "application/json" => RealtimeDataType.Json,
            "application/octet-stream" => RealtimeDataType.Binary,
            _ => null,
        };
    }

    private static string? TryReadReason(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String ? reason.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxEventBodyBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxEventBodyBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Dictionary<string, string[]> Map(Dictionary<string, string[]?>? source) =>
        source?.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!, StringComparer.OrdinalIgnoreCase)
        ?? new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);

    private static IResult Text(int status, string message) => TypedResults.Text(message, "text/plain; charset=utf-8", statusCode: status);

    [LoggerMessage(1, LogLevel.Error, "Handling {EventType} failed")]
    private static partial void LogSystemEventFailed(ILogger logger, Exception exception, string eventType);

    [LoggerMessage(2, LogLevel.Warning, "{Hub} event {EventName} of connection {ConnectionId} failed (deadline passed: {DeadlinePassed}); answered busy")]
    private static partial void LogUserEventFailed(ILogger logger, Exception exception, string hub, string eventName, string connectionId, bool deadlinePassed);

    [LoggerMessage(4, LogLevel.Warning, "Could not renew the {Hub} lease of connection {ConnectionId}; the next event tries again")]
    private static partial void LogLeaseRenewalFailed(ILogger logger, Exception exception, string hub, string connectionId);
}

/// <summary>The <c>connect</c> event body: every map is string → string[].</summary>
public sealed class ConnectEventBody
{
    public Dictionary<string, string[]?>? Claims { get; set; }

    public Dictionary<string, string[]?>? Query { get; set; }

    public Dictionary<string, string[]?>? Headers { get; set; }

    public List<string>? Subprotocols { get; set; }
}

public sealed record ConnectEventResponse(string? UserId, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Roles, string? Subprotocol);

/// <summary>Web PubSub event bodies: camelCase JSON with nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConnectEventBody))]
[JsonSerializable(typeof(ConnectEventResponse))]
internal sealed partial class EventHandlerJsonContext : JsonSerializerContext;
