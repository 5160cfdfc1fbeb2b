using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Kfk.LocalGateway.Permissions;

namespace Kfk.LocalGateway.Connections;

public enum ClientProtocol
{
    Simple,
    Json,
    ReliableJson,
}

/// <summary>One client WebSocket. All writes go through one queue, so frames never interleave.</summary>
public sealed class GatewayConnection(string hub, string connectionId, string? userId, WebSocket socket, ClientProtocol protocol, string? subprotocol, ConnectionPermissions permissions)
{
    private readonly Channel<(WebSocketMessageType Type, byte[] Bytes)> _outbox = Channel.CreateUnbounded<(WebSocketMessageType, byte[])>(new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private long _sequenceId;
    private int _closing;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;

    public string Hub { get; } = hub;

    public string ConnectionId { get; } = connectionId;

    public string? UserId { get; } = userId;

    public WebSocket Socket { get; } = socket;

    public ClientProtocol Protocol { get; } = protocol;

    public string? Subprotocol { get; } = subprotocol;

    /// <summary>The connection state string exactly as the upstream last set it.</summary>
    public string? State { get; set; }

    /// <summary>Group permissions from the connection's roles, changed afterwards by REST grant/revoke.</summary>
    public ConnectionPermissions Permissions { get; } = permissions;

    public HashSet<ulong> ProcessedAckIds { get; } = [];

    /// <summary>Set when the server closes the connection (REST close): sent to PubSub clients first.</summary>
    public string? CloseReason { get; private set; }

    public long EventId;

    public void Enqueue(string text) => _outbox.Writer.TryWrite((WebSocketMessageType.Text, Encoding.UTF8.GetBytes(text)));

    public void Enqueue(byte[] bytes, WebSocketMessageType type) => _outbox.Writer.TryWrite((type, bytes));

    public long NextSequenceId()
    {
        lock (_gate)
        {
            return ++_sequenceId;
        }
    }

    /// <summary>Ends the connection from the server side; the writer loop drains what was queued before the close frame.</summary>
    public void RequestClose(string? reason, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }
        CloseReason = reason;
        _closeStatus = status;
        _outbox.Writer.TryComplete();
    }


    public async Task RunWriterAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (type, bytes) in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                if (Socket.State != WebSocketState.Open)
                {
                    continue;
                }
                await Socket.SendAsync(bytes, type, endOfMessage: true, cancellationToken);
            }
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived && _closing == 1)
            {
                await Socket.CloseOutputAsync(_closeStatus, Truncate(CloseReason), cancellationToken);
                // A client that never answers the close frame must not keep the connection alive.
                _ = AbortIfStillOpenAsync();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away; the reader loop reports the disconnect.
        }
    }

    private async Task AbortIfStillOpenAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        if (Socket.State != WebSocketState.Closed)
        {
            Socket.Abort();
        }
    }

    private static string? Truncate(string? reason) => reason is null ? null : reason.Length > 120 ? reason[..120] : reason;
}
