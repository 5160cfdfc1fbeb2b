using System.Text;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Realtime;

namespace Kfk.Core.Kuaifaka;

/// <summary>
/// The <c>kfk</c> hub: kuaifaka dispute rooms. Clients connect (anonymously or with a negotiated token), then log into
/// one order's room with the <c>login</c> frame; the login lives in the connection state (<see cref="KfkLogin"/>). Frames
/// go to the dispute room use cases. Protocol errors are always answered with a frame (a non-2xx answer would drop the
/// connection).
/// </summary>
public sealed class KfkDialect(
    EnterRoom enterRoom,
    SayInRoom say,
    ReadRoomHistory history,
    ReadDisputeDetail detail,
    IRealtimeHub realtime,
    PlatformTimeZone zone,
    TimeProvider time) : IHubDialect
{
    public const int MaxFramesPerSecond = 5;

    private readonly FramePolicy _frames = new(MaxFramesPerSecond, time);

    public string Hub => HubNames.Kfk;

    /// <summary>Anyone may open a socket (legacy clients connect anonymously); rooms need the login frame.</summary>
    public Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<ConnectResult>(new ConnectResult.Accepted());

    public Task ConnectedAsync(RealtimeConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing to renew: the kfk hub keeps no presence.</summary>
    public Task RenewAsync(RealtimeConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken)
    {
        _frames.Forget(connection.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken)
    {
        // A bare ping is never over the size limit, nor counted towards the rate.
        if (IsBarePing(userEvent.Data.Span))
        {
            return UserEventReply.Text(KfkFrames.Pong);
        }
        if (_frames.Admit(connection.ConnectionId, userEvent.Data) is { } refused)
        {
            return Refuse(refused);
        }
        if (KfkInbound.Parse(userEvent.Data.Span) is not { } frame)
        {
            return Refuse(FrameErrors.MalformedFrame);
        }
        var login = KfkLogin.From(connection.State);
        if (frame.NeedsLogin && login is null)
        {
            return Refuse(FrameErrors.NotLoggedIn);
        }
        return frame switch
        {
            KfkInbound.Login entry => await LoginAsync(connection.ConnectionId, login, entry, cancellationToken),
            KfkInbound.Say said => (await say.ExecuteAsync(login!.Member, said.Type, said.Content, said.ClientMsgId, userEvent.IdempotencyKey(connection),
                connection.ConnectionId, cancellationToken)).Match(_ => UserEventReply.None, Refuse),
            KfkInbound.ReportDetail read => (await detail.ExecuteAsync(login!.Member, read.OrderNum, cancellationToken)).Match(d => UserEventReply.Text(
                KfkFrames.ReportDetail(KfkFrames.ReportContent(d.Dispute, d.Shops, d.MaskPhone, d.OperationAuthority, time.GetUtcNow(), zone))), Refuse),
            KfkInbound.MessageList read => (await history.ExecuteAsync(login!.Member, read.OrderNum, read.Page, cancellationToken))
                .Match(page => UserEventReply.Text(KfkFrames.MessageList(page)), Refuse),
            _ => UserEventReply.Text(KfkFrames.Pong), // legacy: an unknown type is a heartbeat
        };
    }

    /// <summary>Enters the room and moves the connection into its groups (out of the previous room's, if another).</summary>
    private async Task<UserEventReply> LoginAsync(string connectionId, KfkLogin? previous, KfkInbound.Login frame, CancellationToken cancellationToken)
    {
        var entered = await enterRoom.ExecuteAsync(frame.Room, frame.Token, KfkRole.Seat(frame.Role), cancellationToken);
        if (!entered.IsSuccess)
        {
            return Refuse(entered.Error);
        }
        var login = KfkLogin.Of(entered.Value, frame.AuthType);
        if (previous is not null && (previous.Room != login.Room || previous.IsBuyer != login.IsBuyer))
        {
            await realtime.RemoveConnectionFromGroupAsync(Hub, RealtimeGroups.Room(previous.Room), connectionId, cancellationToken);
            if (previous.IsBuyer)
            {
                await realtime.RemoveConnectionFromGroupAsync(Hub, RealtimeGroups.RoomBuyers(previous.Room), connectionId, cancellationToken);
            }
        }
        await realtime.AddConnectionToGroupAsync(Hub, RealtimeGroups.Room(login.Room), connectionId, cancellationToken);
        if (login.IsBuyer)
        {
            await realtime.AddConnectionToGroupAsync(Hub, RealtimeGroups.RoomBuyers(login.Room), connectionId, cancellationToken);
        }
        return UserEventReply.Text(KfkFrames.LoginSuccess(KfkRole.IsShopAccount(login.Role) ? login.ShopId : null), login.ToState());
    }

    private static bool IsBarePing(ReadOnlySpan<byte> data) => data.Length <= 16 && Encoding.UTF8.GetString(data).Trim() == "ping";

    public UserEventReply Refuse(Error error) => UserEventReply.Text(KfkRefusals.Frame(error, time.GetUtcNow())) with { Refusal = error };
}
