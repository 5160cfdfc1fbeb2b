using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Kfk.Core.Common;

namespace Kfk.Core.Realtime;

/// <summary>One client connection as an event names it. <see cref="State"/> is what Kfk stored on it earlier.</summary>
public sealed record RealtimeConnection(
    string Hub,
    string ConnectionId,
    string? UserId,
    IReadOnlyDictionary<string, string> State);

/// <summary>The <c>connect</c> event: the client's handshake, before the socket opens.</summary>
public sealed record ConnectRequest(
    RealtimeConnection Connection,
    IReadOnlyDictionary<string, string[]> Claims,
    IReadOnlyDictionary<string, string[]> Query,
    IReadOnlyDictionary<string, string[]> Headers,
    IReadOnlyList<string> Subprotocols)
{
    public string? QueryValue(string name) =>
        Query.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;
}

public abstract record ConnectResult
{
    /// <summary>Accept; <paramref name="UserId"/> overrides the token's subject; <paramref name="State"/> is kept on the connection.</summary>
    public sealed record Accepted(
        string? UserId = null,
        IReadOnlyList<string>? Groups = null,
        IReadOnlyList<string>? Roles = null,
        string? Subprotocol = null,
        IReadOnlyDictionary<string, string>? State = null) : ConnectResult;

    /// <summary>Refuse the handshake: the client sees this status (401, 403 or 400) and the socket never opens.</summary>
    public sealed record Rejected(int Status, string Reason) : ConnectResult;
}

public enum RealtimeDataType
{
    Text,
    Json,
    Binary,
}

/// <summary>
/// A frame from a client (simple clients send the event <c>message</c>). <see cref="EventId"/> is the service's
/// <c>ce-id</c>: unique among the events of one connection, and the same when the service retries an event.
/// </summary>
public sealed record UserEvent(string Name, RealtimeDataType DataType, ReadOnlyMemory<byte> Data, string? EventId = null)
{
    /// <summary>
    /// Names this event of <paramref name="connection"/> for a store's duplicate check, for frames that carry no id of
    /// their own: a retry or replay of the same event gives the same key. <c>e.</c> plus 22 base64url characters, so it
    /// is a safe table row key and never equals a client-chosen id (those have no dot). Null without an event id.
    /// </summary>
    public string? IdempotencyKey(RealtimeConnection connection)
    {
        if (EventId is null)
        {
            return null;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{connection.Hub}\n{connection.ConnectionId}\n{EventId}"));
        return "e." + Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }
}

/// <summary>
/// The answer to a user event: <see cref="Body"/> goes back to the sending connection (null: nothing);
/// <see cref="State"/>, when set, replaces the connection's state; <see cref="Refusal"/> is why the body is an error
/// frame (for logs and metrics, never sent as such).
/// </summary>
public sealed record UserEventReply(ReadOnlyMemory<byte>? Body, RealtimeDataType DataType, IReadOnlyDictionary<string, string>? State = null)
{
    public static readonly UserEventReply None = new(null, RealtimeDataType.Text);

    public Error? Refusal { get; init; }

    public static UserEventReply Text(string text, IReadOnlyDictionary<string, string>? state = null) =>
        new(Encoding.UTF8.GetBytes(text), RealtimeDataType.Text, state);
}
