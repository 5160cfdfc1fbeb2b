using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Kfk.Core.Common;
using Kfk.Core.Realtime;

namespace Kfk.Functions.Tests.Realtime;

/// <summary>
/// A test hub that exercises the whole event-handler contract: it rejects <c>?reject=1</c>, takes the user id from
/// <c>?user=</c>, keeps a greeting and a frame counter in the connection state, echoes frames, and records every
/// event it sees. Frames <c>throw</c>, <c>hang</c> (until cancelled) and <c>block</c> (until <see cref="Gate"/> opens)
/// stand for a failing or slow dependency.
/// </summary>
public sealed class EchoDialect : IHubDialect
{
    public const string HubName = "echo";

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>The connection state each frame arrived with.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> FrameStates { get; } = new();

    /// <summary>Each frame's <see cref="UserEvent.EventId"/> and <see cref="UserEvent.IdempotencyKey"/>.</summary>
    public ConcurrentQueue<(string? EventId, string? IdempotencyKey)> FrameIds { get; } = new();

    public string Hub => HubName;

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Frames that are waiting on <see cref="Gate"/>.</summary>
    public int Blocked => _blocked;

    private int _blocked;

    public Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        Events.Enqueue($"connect:{request.Connection.ConnectionId}");
        if (request.QueryValue("reject") == "1")
        {
            return Task.FromResult<ConnectResult>(new ConnectResult.Rejected(401, "bad token"));
        }
        var state = new Dictionary<string, string> { ["greeting"] = request.QueryValue("greet") ?? "hi", ["count"] = "0" };
        return Task.FromResult<ConnectResult>(new ConnectResult.Accepted(UserId: request.QueryValue("user"), State: state));
    }

    public Task ConnectedAsync(RealtimeConnection connection, CancellationToken cancellationToken)
    {
        Events.Enqueue($"connected:{connection.ConnectionId}:{connection.UserId}");
        return Task.CompletedTask;
    }

    public Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken)
    {
        Events.Enqueue($"disconnected:{connection.ConnectionId}");
        return Task.CompletedTask;
    }

    public async Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken)
    {
        var text = Encoding.UTF8.GetString(userEvent.Data.Span);
        Events.Enqueue($"{userEvent.Name}:{connection.ConnectionId}:{text}");
        FrameStates.Enqueue(connection.State);
        FrameIds.Enqueue((userEvent.EventId, userEvent.IdempotencyKey(connection)));
        switch (text)
        {
            case "silent":
                return UserEventReply.None;
            case "throw":
                throw new InvalidOperationException("the dependency failed");
            case "hang":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
            case "block":
                Interlocked.Increment(ref _blocked);
                await Gate.Task.WaitAsync(cancellationToken);
                break;
        }
        var count = int.Parse(connection.State.GetValueOrDefault("count", "0"), CultureInfo.InvariantCulture) + 1;
        var state = new Dictionary<string, string>(connection.State) { ["count"] = count.ToString(CultureInfo.InvariantCulture) };
        return UserEventReply.Text($"echo:{text}|{connection.State.GetValueOrDefault("greeting")}|{count}|{connection.UserId}", state);
    }

    public Task RenewAsync(RealtimeConnection connection, CancellationToken cancellationToken)
    {
        Events.Enqueue($"renew:{connection.ConnectionId}");
        return Task.CompletedTask;
    }

    public UserEventReply Refuse(Error error) => UserEventReply.Text($"refused:{error.Code}");
}
