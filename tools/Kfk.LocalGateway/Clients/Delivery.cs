using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.LocalGateway.Connections;

namespace Kfk.LocalGateway.Clients;

public enum DataType
{
    Text,
    Json,
    Binary,
}

/// <summary>How a message reaches a client: raw frames for simple clients, envelopes for PubSub clients.</summary>
public static class Delivery
{
    public static DataType? FromContentType(string? contentType)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "text/plain" => DataType.Text,
            "application/json" => DataType.Json,
            "application/octet-stream" => DataType.Binary,
            _ => null,
        };
    }

    public static string ContentType(DataType type) => type switch
    {
        DataType.Text => "text/plain",
        DataType.Json => "application/json",
        _ => "application/octet-stream",
    };

    /// <summary>REST send to all/user/connection, or the upstream's reply to a custom event.</summary>
    public static void ServerMessage(GatewayConnection connection, DataType type, byte[] payload)
    {
        if (connection.Protocol == ClientProtocol.Simple)
        {
            Raw(connection, type, payload);
            return;
        }
        var message = new JsonObject { ["type"] = "message", ["from"] = "server" };
        Envelope(connection, message, type, payload);
    }

    public static void GroupMessage(GatewayConnection connection, string group, string? fromUserId, DataType type, byte[] payload)
    {
        if (connection.Protocol == ClientProtocol.Simple)
        {
            Raw(connection, type, payload);
            return;
        }
        var message = new JsonObject { ["type"] = "message", ["from"] = "group", ["group"] = group };
        if (!string.IsNullOrEmpty(fromUserId))
        {
            message["fromUserId"] = fromUserId;
        }
        Envelope(connection, message, type, payload);
    }

    public static void System(GatewayConnection connection, JsonObject message) => connection.Enqueue(message.ToJsonString());

    private static void Raw(GatewayConnection connection, DataType type, byte[] payload) =>
        connection.Enqueue(payload, type == DataType.Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text);

    private static void Envelope(GatewayConnection connection, JsonObject message, DataType type, byte[] payload)
    {
        message["dataType"] = type.ToString().ToLowerInvariant();
        message["data"] = type switch
        {
            DataType.Binary => Convert.ToBase64String(payload),
            DataType.Json => ParseOrString(payload),
            _ => Encoding.UTF8.GetString(payload),
        };
        if (connection.Protocol == ClientProtocol.ReliableJson)
        {
            message["sequenceId"] = connection.NextSequenceId();
        }
        connection.Enqueue(message.ToJsonString());
    }

    private static JsonNode? ParseOrString(byte[] payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload);
        }
    }
}
