using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.LocalGateway.Configuration;
using Kfk.LocalGateway.Connections;
using Kfk.LocalGateway.Upstream;

namespace Kfk.LocalGateway.Clients;

/// <summary>
/// Reads one connection's frames in order. Each frame is handled completely (upstream call included) before the
/// next is read: user events are blocking and per-connection ordered, as in the service.
/// </summary>
public sealed class ClientSession(GatewayConnection connection, ConnectionRegistry registry, UpstreamDispatcher upstream,
    GatewayOptions gateway, IQueryCollection query)
{
    /// <summary>Returns the disconnect reason.</summary>
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var sendToGroup = connection.Protocol == ClientProtocol.Simple
            && string.Equals(query["webpubsub_mode"], "sendToGroup", StringComparison.OrdinalIgnoreCase)
            ? query["group"].ToString() : null;
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        try
        {
            while (connection.Socket.State == WebSocketState.Open)
            {
                buffer.Clear();
                WebSocketReceiveResult result;
                do
                {
                    result = await connection.Socket.ReceiveAsync(chunk, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Close(WebSocketCloseStatus.NormalClosure, null);
                        return "Normal";
                    }
                    if (buffer.WrittenCount + result.Count > gateway.MaxFrameBytes)
                    {
                        Close(WebSocketCloseStatus.MessageTooBig, "The message exceeds the frame size limit.");
                        return "MessageTooBig";
                    }
                    buffer.Write(chunk.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage);

                var frame = buffer.WrittenSpan.ToArray();
                string? closeReason;
                try
                {
                    closeReason = connection.Protocol == ClientProtocol.Simple
                        ? await HandleSimpleFrameAsync(frame, result.MessageType, sendToGroup, cancellationToken)
                        : await HandleJsonFrameAsync(frame, cancellationToken);
                }
                catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException)
                {
                    // A request whose fields have the wrong types.
                    Delivery.System(connection, new JsonObject { ["type"] = "system", ["event"] = "disconnected", ["message"] = "Invalid frame." });
                    Close(WebSocketCloseStatus.ProtocolError, "Invalid frame.");
                    closeReason = "InvalidFrame";
                }
                if (closeReason is not null)
                {
                    return closeReason;
                }
            }
            return connection.CloseReason ?? "Normal";
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            return connection.CloseReason ?? "ConnectionLost";
        }
    }

    private async Task<string?> HandleSimpleFrameAsync(byte[] frame, WebSocketMessageType type, string? sendToGroup, CancellationToken cancellationToken)
    {
        var dataType = type == WebSocketMessageType.Binary ? DataType.Binary : DataType.Text;
        if (sendToGroup is not null)
        {
            if (connection.Permissions.SendToGroup.Allows(sendToGroup))
            {
                PublishToGroup(sendToGroup, dataType, frame, noEcho: false);
            }
            return null;
        }
        var response = await RaiseUserEventAsync("message", Delivery.ContentType(dataType), frame, cancellationToken);
        if (response is null || !response.IsSuccess)
        {
            Close(WebSocketCloseStatus.InternalServerError, response is null ? "No event handler for 'message'." : "The event handler failed.");
            return "UpstreamFailure";
        }
        if (response.Status == 200 && response.Body.Length > 0)
        {
            connection.Enqueue(response.Body, Delivery.FromContentType(response.ContentType) == DataType.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text);
        }
        return null;
    }

    private async Task<string?> HandleJsonFrameAsync(byte[] frame, CancellationToken cancellationToken)
    {
        JsonObject? request;
        try
        {
            request = JsonNode.Parse(frame) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }
        var type = request?["type"]?.GetValueKind() == JsonValueKind.String ? request["type"]!.GetValue<string>() : null;
        if (request is null || type is null)
        {
            Delivery.System(connection, new JsonObject { ["type"] = "system", ["event"] = "disconnected", ["message"] = "Invalid frame." });
            Close(WebSocketCloseStatus.ProtocolError, "Invalid frame.");
            return "InvalidFrame";
        }
        ulong? ackId = request["ackId"]?.GetValueKind() == JsonValueKind.Number ? request["ackId"]!.GetValue<ulong>() : null;
        if (ackId is { } id && type is "joinGroup" or "leaveGroup" or "sendToGroup" or "event" && !connection.ProcessedAckIds.Add(id))
        {
            Ack(id, "Duplicate", "The ackId has been processed.");
            return null;
        }
        var group = request["group"]?.GetValueKind() == JsonValueKind.String ? request["group"]!.GetValue<string>() : null;
        switch (type)
        {
            case "ping":
                Delivery.System(connection, new JsonObject { ["type"] = "pong" });
                return null;
            case "sequenceAck":
                return null;
            case "joinGroup" or "leaveGroup":
                if (string.IsNullOrEmpty(group) || !connection.Permissions.JoinLeaveGroup.Allows(group))
                {
                    Ack(ackId, "Forbidden", "Not allowed to join or leave this group.");
                    return null;
                }
                if (type == "joinGroup")
                {
                    registry.Join(connection, group);
                }
                else
                {
                    registry.Leave(connection, group);
                }
                Ack(ackId, null, null);
                return null;
            case "sendToGroup":
                if (string.IsNullOrEmpty(group) || !connection.Permissions.SendToGroup.Allows(group))
                {
                    Ack(ackId, "Forbidden", "Not allowed to send to this group.");
                    return null;
                }
                var (groupType, groupPayload) = Payload(request);
                PublishToGroup(group, groupType, groupPayload, request["noEcho"]?.GetValueKind() == JsonValueKind.True);
                Ack(ackId, null, null);
                return null;
            case "event":
                var eventName = request["event"]?.GetValueKind() == JsonValueKind.String ? request["event"]!.GetValue<string>() : null;
                if (string.IsNullOrEmpty(eventName))
                {
                    Ack(ackId, "InvalidRequest", "The event name is required.");
                    return null;
                }
                var (eventType, eventPayload) = Payload(request);
                var response = await RaiseUserEventAsync(eventName, Delivery.ContentType(eventType), eventPayload, cancellationToken);
                if (response is null || !response.IsSuccess)
                {
                    if (gateway.CustomEventFailure == "ack" && ackId is not null)
                    {
                        Ack(ackId, "InternalServerError", "The event handler failed.");
                        return null;
                    }
                    Delivery.System(connection, new JsonObject { ["type"] = "system", ["event"] = "disconnected", ["message"] = "The event handler failed." });
                    Close(WebSocketCloseStatus.InternalServerError, "The event handler failed.");
                    return "UpstreamFailure";
                }
                if (response.Status == 200 && response.Body.Length > 0)
                {
                    Delivery.ServerMessage(connection, Delivery.FromContentType(response.ContentType) ?? DataType.Text, response.Body);
                }
                Ack(ackId, null, null);
                return null;
            default:
                return null; // unknown request types are ignored
        }
    }

    private async Task<UpstreamResponse?> RaiseUserEventAsync(string name, string contentType, byte[] body, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref connection.EventId);
        var response = await upstream.SendAsync(new UpstreamEvent(connection.Hub, name, false, connection.ConnectionId, connection.UserId,
            connection.Subprotocol, connection.State, id, contentType, body), cancellationToken);
        if (response is { IsSuccess: true, SetsConnectionState: true })
        {
            connection.State = response.ConnectionState;
        }
        return response;
    }

    private void PublishToGroup(string group, DataType type, byte[] payload, bool noEcho)
    {
        foreach (var member in registry.InGroup(connection.Hub, group))
        {
            if (!(noEcho && member.ConnectionId == connection.ConnectionId))
            {
                Delivery.GroupMessage(member, group, connection.UserId, type, payload);
            }
        }
    }

    private static (DataType, byte[]) Payload(JsonObject request)
    {
        var dataType = request["dataType"]?.GetValue<string>()?.ToLowerInvariant() ?? "json";
        var data = request["data"];
        return dataType switch
        {
            "text" => (DataType.Text, Encoding.UTF8.GetBytes(data?.GetValue<string>() ?? "")),
            "binary" => (DataType.Binary, Convert.FromBase64String(data?.GetValue<string>() ?? "")),
            _ => (DataType.Json, Encoding.UTF8.GetBytes(data?.ToJsonString() ?? "null")),
        };
    }

    private void Ack(ulong? ackId, string? errorName, string? message)
    {
        if (ackId is null)
        {
            return;
        }
        var ack = new JsonObject { ["type"] = "ack", ["ackId"] = ackId.Value, ["success"] = errorName is null };
        if (errorName is not null)
        {
            ack["error"] = new JsonObject { ["name"] = errorName, ["message"] = message };
        }
        Delivery.System(connection, ack);
    }

    /// <summary>The writer drains what is queued, then sends the close frame.</summary>
    private void Close(WebSocketCloseStatus status, string? reason) => connection.RequestClose(reason, status);
}
