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

/// <summary>A frame from a client (simple clients send the event <c>message</c>).</summary>
public sealed record UserEvent(string Name, RealtimeDataType DataType, ReadOnlyMemory<byte> Data);

/// <summary>
/// The answer to a user event: <see cref="Body"/> goes back to the sending connection (null: nothing);
/// <see cref="State"/>, when set, replaces the connection's state.
/// </summary>
public sealed record UserEventReply(ReadOnlyMemory<byte>? Body, RealtimeDataType DataType, IReadOnlyDictionary<string, string>? State = null)
{
    public static readonly UserEventReply None = new(null, RealtimeDataType.Text);

    public static UserEventReply Text(string text, IReadOnlyDictionary<string, string>? state = null) =>
        new(System.Text.Encoding.UTF8.GetBytes(text), RealtimeDataType.Text, state);
}
