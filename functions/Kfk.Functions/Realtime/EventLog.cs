using System.Diagnostics;
using Kfk.Core.Kuaifaka;
using Kfk.Core.Realtime;
using Kfk.Functions.Observability;

namespace Kfk.Functions.Realtime;

/// <summary>
/// What the event handler tells about each connection and frame: one line per event (who, what, outcome, how long),
/// the refused ones with their reason; the same outcome on the event's span and in <see cref="RealtimeMetrics"/>.
/// Never a frame's content, a token or a connection state.
/// </summary>
public static partial class EventLog
{
    private const int MaxReasonLength = 200;

    public static Activity? StartUserEvent(string hub, string frame, RealtimeConnection connection)
    {
        if (!KfkTracing.Source.HasListeners())
        {
            return null; // no name to format on the hot path when nobody traces
        }
        var activity = KfkTracing.Source.StartActivity($"{hub} {frame}");
        activity?.SetTag("kfk.hub", hub);
        activity?.SetTag("kfk.frame", frame);
        activity?.SetTag("kfk.connection_id", connection.ConnectionId);
        activity?.SetTag("kfk.user_id", connection.UserId);
        return activity;
    }

    public static void UserEventAnswered(ILogger logger, Activity? activity, string hub, string frame, RealtimeConnection connection,
        UserEventReply reply, TimeSpan elapsed)
    {
        var milliseconds = Math.Round(elapsed.TotalMilliseconds, 1);
        if (reply.Refusal is { } refusal)
        {
            RealtimeMetrics.FrameRefused(hub, refusal.Code);
            RealtimeMetrics.EventHandled(hub, frame, "refused", elapsed);
            activity?.SetTag("kfk.refused", refusal.Code);
            FrameRefused(logger, hub, frame, Who(connection), connection.ConnectionId, refusal.Code, Truncate(refusal.Message), milliseconds);
            return;
        }
        RealtimeMetrics.EventHandled(hub, frame, "ok", elapsed);
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return; // both lines below are Debug: no need to name the caller
        }
        var who = Who(connection);
        if (frame == "ping")
        {
            HeartbeatAnswered(logger, hub, who, connection.ConnectionId);
        }
        else
        {
            FrameHandled(logger, hub, frame, who, connection.ConnectionId, milliseconds);
        }
    }

    public static void ConnectAnswered(ILogger logger, string hub, RealtimeConnection connection, ConnectResult result)
    {
        switch (result)
        {
            case ConnectResult.Accepted accepted:
                ConnectAccepted(logger, hub, accepted.UserId ?? connection.UserId ?? "anonymous", connection.ConnectionId);
                break;
            case ConnectResult.Rejected rejected:
                ConnectRefused(logger, hub, connection.ConnectionId, rejected.Status, Truncate(rejected.Reason));
                break;
        }
    }

    public static void Closed(ILogger logger, string hub, RealtimeConnection connection, string? reason) =>
        ConnectionClosed(logger, hub, Who(connection), connection.ConnectionId, Truncate(reason ?? "closed"));

    /// <summary>The connection's user; a kfk connection (anonymous at connect) names its room login once it has one.</summary>
    private static string Who(RealtimeConnection connection) =>
        connection.UserId
        ?? (KfkLogin.From(connection.State) is { } login ? $"{login.Role} {login.Principal} in room {login.Room}" : "anonymous");

    private static string Truncate(string text) => text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "…";

    [LoggerMessage(10, LogLevel.Information, "{Hub} connect of {UserId} accepted (connection {ConnectionId})")]
    private static partial void ConnectAccepted(ILogger logger, string hub, string userId, string connectionId);

    [LoggerMessage(11, LogLevel.Information, "{Hub} connect refused with {Status}: {Reason} (connection {ConnectionId})")]
    private static partial void ConnectRefused(ILogger logger, string hub, string connectionId, int status, string reason);

    // Debug: a line per chat message is log ingestion on the shop's bill and a tenth of the hot path's CPU; the
    // Kfk.Realtime meters and the frame's span count and time every frame. Refusals stay at Information.
    [LoggerMessage(12, LogLevel.Debug, "{Hub} {Frame} from {UserId} handled in {ElapsedMs} ms (connection {ConnectionId})")]
    private static partial void FrameHandled(ILogger logger, string hub, string frame, string userId, string connectionId, double elapsedMs);

    [LoggerMessage(13, LogLevel.Information, "{Hub} {Frame} from {UserId} refused: {Reason} ({Detail}) in {ElapsedMs} ms (connection {ConnectionId})")]
    private static partial void FrameRefused(ILogger logger, string hub, string frame, string userId, string connectionId, string reason, string detail,
        double elapsedMs);

    [LoggerMessage(14, LogLevel.Debug, "{Hub} heartbeat from {UserId} (connection {ConnectionId})")]
    private static partial void HeartbeatAnswered(ILogger logger, string hub, string userId, string connectionId);

    [LoggerMessage(15, LogLevel.Information, "{Hub} connection {ConnectionId} of {UserId} ended: {Reason}")]
    private static partial void ConnectionClosed(ILogger logger, string hub, string userId, string connectionId, string reason);
}
