using System.Globalization;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.Realtime;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>
/// The <c>likeshop</c> hub: legacy user apps and the kefu workbench as plain WebSocket clients. Connect checks the URL
/// token for its type; the login is kept in the connection state (<see cref="LikeshopConnectionState"/>) so frames need
/// no session lookup. Every connection also joins its identity's group (<c>id:user:12</c>) so the sender's other devices
/// can be reached without the sending one. Frames go to the support use cases; refusals come back as <c>error</c> frames.
/// </summary>
public sealed class LikeshopDialect(
    TokenService tokens,
    SupportSignIn signIn,
    SupportPresence presence,
    SendSupportMessage send,
    TransferConversation transfer,
    MarkConversationRead markRead,
    RelayTyping typing,
    SyncConversation sync,
    IRealtimeHub realtime,
    LikeshopUrls urls,
    PlatformTimeZone zone,
    TimeProvider time) : IHubDialect
{
    public const int MaxFramesPerSecond = 10;

    private readonly FramePolicy _frames = new(MaxFramesPerSecond, time);

    public string Hub => HubNames.Likeshop;

    public async Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken)
    {
        var (type, principal) = request.QueryValue("token") is { } legacyToken
            ? (request.QueryValue("type"), await tokens.AuthenticateAsync(legacyToken, cancellationToken))
            : Negotiated(request.Connection.UserId);
        var client = int.TryParse(request.QueryValue("client"), CultureInfo.InvariantCulture, out var c) ? c : (int?)null;
        var shopText = request.QueryValue("shop_id");
        long? shopId = long.TryParse(shopText, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
        if (shopText is not null && shopId is null)
        {
            return new ConnectResult.Rejected(400, "shop_id must be a shop id.");
        }
        return (await signIn.ExecuteAsync(type, principal, shopId, client, cancellationToken)).Match<ConnectResult>(
            me => new ConnectResult.Accepted(me.RealtimeUserId, Groups: [RealtimeGroups.Identity(me.RealtimeUserId)], State: LikeshopConnectionState.Of(me)),
            refused => new ConnectResult.Rejected(refused.Kind == ErrorKind.Validation ? 400 : 401, refused.Message));
    }

    /// <summary>
    /// A client that connects with the URL of <c>POST /api/v1/negotiate</c> has no legacy query: the service has already
    /// validated its access token, whose subject (<c>user:12</c>, <c>kefu:7</c>) names it.
    /// </summary>
    private static (string? Type, Principal? Principal) Negotiated(string? realtimeUserId) =>
        Principal.FromRealtimeUserId(realtimeUserId) is { Kind: PrincipalKind.User or PrincipalKind.Kefu } principal
            ? (principal.Kind == PrincipalKind.User ? Party.User : Party.Kefu, principal)
            : (null, null);

    /// <summary>Pushes <c>ping</c> then <c>login</c>, in that order (one after the other: sends are not ordered otherwise).</summary>
    public async Task ConnectedAsync(RealtimeConnection connection, CancellationToken cancellationToken)
    {
        if (LikeshopConnectionState.Actor(connection.State) is { } me)
        {
            await presence.ConnectedAsync(me, connection.ConnectionId, cancellationToken);
        }
        await realtime.SendToConnectionAsync(Hub, connection.ConnectionId, LikeshopFrames.Ping(time.GetUtcNow()), cancellationToken);
        await realtime.SendToConnectionAsync(Hub, connection.ConnectionId, LikeshopFrames.Login(), cancellationToken);
    }

    public Task RenewAsync(RealtimeConnection connection, CancellationToken cancellationToken) =>
        LikeshopConnectionState.Actor(connection.State) is { } me ? presence.ConnectedAsync(me, connection.ConnectionId, cancellationToken) : Task.CompletedTask;

    public async Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken)
    {
        _frames.Forget(connection.ConnectionId);
        typing.Forget(connection.ConnectionId);
        if (LikeshopConnectionState.Actor(connection.State) is { } me)
        {
            await presence.DisconnectedAsync(me, connection.ConnectionId, LikeshopConnectionState.ServingKefu(connection.State), cancellationToken);
        }
    }

    public async Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken)
    {
        if (LikeshopConnectionState.Actor(connection.State) is not { } me)
        {
            return Refuse(FrameErrors.NotLoggedIn);
        }
        if (_frames.Admit(connection.ConnectionId, userEvent.Data) is { } refused)
        {
            return Refuse(refused);
        }
        var state = connection.State;
        return LikeshopInbound.Parse(userEvent.Data.Span) switch
        {
            null => Refuse(FrameErrors.MalformedFrame),
            LikeshopInbound.Ping => UserEventReply.Text(LikeshopFrames.Ping(time.GetUtcNow())),
            LikeshopInbound.Chat chat => (await send.ExecuteAsync(me, WithAbsoluteImage(chat.Message), userEvent.IdempotencyKey(connection),
                connection.ConnectionId, cancellationToken)).Match(sent => Chatted(me, state, sent), Refuse),
            LikeshopInbound.Sync frame => (await sync.ExecuteAsync(me, frame.AfterSeq, frame.UserId, cancellationToken)).Match(page => UserEventReply.Text(
                LikeshopFrames.Sync(page.ShopId, page.UserId, page.AfterSeq, page.Records, zone, page.Read, page.More, urls)), Refuse),
            LikeshopInbound.Read frame => (await markRead.ExecuteAsync(me, frame.UserId, frame.ShopId, frame.KefuId, cancellationToken))
                .Match(_ => UserEventReply.None, Refuse),
            LikeshopInbound.Transfer frame when !me.IsUser => (await transfer.ExecuteAsync(me, frame.UserId, frame.KefuId,
                userEvent.IdempotencyKey(connection), cancellationToken)).Match(_ => UserEventReply.Text(LikeshopFrames.TransferSent()), Refuse),
            LikeshopInbound.UserOnline frame when me.IsUser => (await presence.ComeOnlineAsync(me, frame.KefuId, cancellationToken))
                .Match(kefu => new UserEventReply(null, RealtimeDataType.Text, LikeshopConnectionState.WithServingKefu(state, kefu.Id)), Refuse),
            LikeshopInbound.Typing frame => (await typing.ExecuteAsync(me, frame.ToId, frame.ToType, connection.ConnectionId, cancellationToken))
                .Match(_ => UserEventReply.None, Refuse),
            _ => Refuse(FrameErrors.UnsupportedEvent),
        };
    }

    /// <summary>The clients send an image as upload's <c>base_uri</c>, relative to base_domain when one is set; Kfk keeps it absolute.</summary>
    private SendMessageRequest WithAbsoluteImage(SendMessageRequest message) =>
        message.MsgType == SupportMessageType.Image && !string.IsNullOrWhiteSpace(message.Msg) ? message with { Msg = urls.Raw(message.Msg) } : message;

    /// <summary>The stored record; a buyer's connection remembers the agent it now talks to (for the offline notice).</summary>
    private UserEventReply Chatted(SupportActor me, IReadOnlyDictionary<string, string> state, SentMessage sent)
    {
        var chat = LikeshopFrames.Chat(sent.Message, zone, isRead: false, urls);
        return me.IsUser && LikeshopConnectionState.ServingKefu(state) != sent.KefuId
            ? UserEventReply.Text(chat, LikeshopConnectionState.WithServingKefu(state, sent.KefuId))
            : UserEventReply.Text(chat);
    }

    public UserEventReply Refuse(Error error) => UserEventReply.Text(LikeshopFrames.Error(LikeshopErrorTexts.Of(error))) with { Refusal = error };
}
