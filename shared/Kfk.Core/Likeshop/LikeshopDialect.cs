using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Identity;
using Kfk.Core.Media;
using Kfk.Core.PlatformData;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>
/// The <c>likeshop</c> hub: legacy user apps and the kefu workbench as plain WebSocket clients.
/// Connect checks the URL token for its type; the login is kept in the connection state (role, id, shop, client,
/// nickname, avatar) so frames need no session lookup. Every connection also joins its identity's group
/// (<c>id:user:12</c>) so the sender's other devices can be reached without the sending one.
/// </summary>
public sealed partial class LikeshopDialect(
    TokenService tokens,
    IAgentStore agents,
    IPlatformDataStore platform,
    ISupportStore support,
    IPresenceStore presence,
    IRealtimeHub realtime,
    IMediaCatalog media,
    LikeshopUrls urls,
    TimeProvider time) : IHubDialect
{
    public const string HubName = "likeshop";
    public const int MaxTextLength = 2000;
    public const int MaxFrameBytes = 64 * 1024;
    public const int MaxFramesPerSecond = 10;
    public static readonly TimeZoneInfo PlatformTimeZone = PlatformTime.FindZone(PlatformTime.ChinaStandardTime)!;

    private readonly ShortLivedCache<long, Shop> _shops = new(TimeSpan.FromSeconds(30), time);
    private readonly ShortLivedCache<long, Agent> _agents = new(TimeSpan.FromSeconds(30), time);
    private readonly ShortLivedCache<long, Goods> _goods = new(TimeSpan.FromSeconds(30), time);
    private readonly FixedWindowLimiter _frames = new(MaxFramesPerSecond, TimeSpan.FromSeconds(1), time);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _typing = new(StringComparer.Ordinal);

    public string Hub => HubName;

    public static string IdentityGroup(string realtimeUserId) => "id:" + realtimeUserId;

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
        switch (type, principal)
        {
            case ("user", { Kind: PrincipalKind.User, UserId: { } userId }):
                if (principal.Client is { } issuedFor && client is { } claimed && issuedFor != claimed)
                {
                    return new ConnectResult.Rejected(401, "The token was issued for another client.");
                }
                var buyer = await platform.FindBuyerAsync(userId, cancellationToken);
                var shop = await platform.FindShopAsync(shopId ?? 0, cancellationToken);
                if (buyer is null || shop is null)
                {
                    return new ConnectResult.Rejected(buyer is null ? 401 : 400, buyer is null ? "Unknown user." : "Unknown shop.");
                }
                return Accept(Party.User, userId, shop.Id, client, buyer.Nickname, buyer.Avatar);
            case ("kefu", { Kind: PrincipalKind.Kefu, KefuId: { } kefuId }):
                var agent = await agents.FindAsync(kefuId, cancellationToken);
                if (agent is null || agent.Disabled)
                {
                    return new ConnectResult.Rejected(401, "The agent is disabled.");
                }
                if (shopId is { } wanted && wanted != agent.ShopId)
                {
                    return new ConnectResult.Rejected(401, "The agent does not belong to that shop.");
                }
                return Accept(Party.Kefu, kefuId, agent.ShopId, client, agent.Nickname, agent.Avatar);
            default:
                return new ConnectResult.Rejected(401, "A valid token for the given type is required.");
        }
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
        if (Identity.From(connection.State) is { } me)
        {
            await presence.AddConnectionAsync(Hub, me.RealtimeUserId, connection.ConnectionId, cancellationToken);
        }
        await realtime.SendToConnectionAsync(Hub, connection.ConnectionId, LikeshopFrames.Ping(time.GetUtcNow()), cancellationToken);
        await realtime.SendToConnectionAsync(Hub, connection.ConnectionId, LikeshopFrames.Login(), cancellationToken);
    }

    /// <summary>
    /// Presence drops the connection; when a user's LAST connection closes, the agent serving them (kept in the
    /// connection state by chat and user_online) gets <c>user_online</c> with <c>online</c> 0.
    /// </summary>
    public async Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken)
    {
        _frames.Forget(connection.ConnectionId);
        _typing.TryRemove(connection.ConnectionId, out _);
        if (Identity.From(connection.State) is not { } me)
        {
            return;
        }
        var remaining = await presence.RemoveConnectionAsync(Hub, me.RealtimeUserId, connection.ConnectionId, cancellationToken);
        // The conversation's assignee, not the connection's state: a transfer cannot change the state of the user's connections.
        if (remaining == 0 && me.Role == Party.User
            && ((await support.SummaryAsync(me.ShopId, me.Id, cancellationToken))?.Assignee ?? ServingKefu(connection.State)) is { } kefuId)
        {
            await PushRelationAsync(connection, me, kefuId, online: false, cancellationToken);
        }
    }

    public async Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken)
    {
        if (Identity.From(connection.State) is not { } me)
        {
            return Error("请先登录");
        }
        if (userEvent.Data.Length > MaxFrameBytes)
        {
            return Error("消息过大");
        }
        if (!_frames.TryAcquire(connection.ConnectionId))
        {
            return Error("发送过于频繁，请稍后再试");
        }
        var frame = LikeshopFrame.Parse(userEvent.Data.Span);
        return frame?.Event switch
        {
            null => Error("消息格式错误"),
            "ping" => UserEventReply.Text(LikeshopFrames.Ping(time.GetUtcNow())),
            "chat" => await ChatAsync(connection, me, frame, userEvent.IdempotencyKey(connection), cancellationToken),
            "sync" => await SyncAsync(me, frame, cancellationToken),
            "read" => await ReadAsync(me, frame, cancellationToken),
            "transfer" when me.Role == Party.Kefu => await TransferAsync(me, frame, userEvent.IdempotencyKey(connection), cancellationToken),
            "user_online" when me.Role == Party.User => await UserOnlineAsync(connection, me, frame, cancellationToken),
            "typing" => await TypingAsync(connection, me, frame, cancellationToken),
            _ => Error("不支持的事件"),
        };
    }

    /// <summary>
    /// A message, stored first. A resend with the same <c>client_msg_id</c>, or a retry or replay of the same upstream event
    /// (<paramref name="idempotencyKey"/>), stores and delivers nothing again and answers the stored record.
    /// </summary>
    private async Task<UserEventReply> ChatAsync(RealtimeConnection connection, Identity me, LikeshopFrame frame, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var msgType = frame.Id("msg_type");
        var msg = frame.Text("msg");
        var toId = frame.Id("to_id");
        var toType = frame.Text("to_type");
        var clientMsgId = frame.Text("client_msg_id");
        if (msgType is not (SupportMessageType.Text or SupportMessageType.Image or SupportMessageType.Goods))
        {
            return Error("消息类型错误");
        }
        if (string.IsNullOrWhiteSpace(msg))
        {
            return Error("消息内容不能为空");
        }
        if (clientMsgId is not null && !ClientMsgIdPattern().IsMatch(clientMsgId))
        {
            return Error("client_msg_id 格式错误");
        }
        var expectedTo = me.Role == Party.User ? Party.Kefu : Party.User;
        if (toType != expectedTo || toId is null)
        {
            return Error("接收人错误");
        }
        var shop = await _shops.GetAsync(me.ShopId, platform.FindShopAsync, cancellationToken);
        if (shop is null || !shop.OnlineService)
        {
            return Error(shop?.OfflineMessage is { Length: > 0 } offline ? offline : "该店铺未开启在线客服");
        }
        long userId, kefuId;
        if (me.Role == Party.User)
        {
            var kefu = await _agents.GetAsync(toId.Value, agents.FindAsync, cancellationToken);
            if (kefu is null || kefu.Disabled || kefu.ShopId != me.ShopId)
            {
                return Error("该客服不存在");
            }
            (userId, kefuId) = (me.Id, kefu.Id);
        }
        else
        {
            (userId, kefuId) = (toId.Value, me.Id);
            if (!await support.IsCustomerAsync(me.ShopId, userId, me.Id, cancellationToken))
            {
                return Error("该用户不是本店客户");
            }
        }
        GoodsSnapshot? goods = null;
        switch (msgType)
        {
            case SupportMessageType.Text when msg.Length > MaxTextLength:
                return Error($"消息内容不能超过{MaxTextLength}个字符");
            case SupportMessageType.Image:
                // The clients send upload's base_uri, relative to base_domain when one is set; the record keeps the absolute URL.
                msg = urls.Raw(msg);
                if (msg.Length > 1024 || !await media.IsStoredImageUrlAsync(msg, cancellationToken))
                {
                    return Error("图片地址错误");
                }
                break;
            case SupportMessageType.Goods:
                var record = long.TryParse(msg, NumberStyles.None, CultureInfo.InvariantCulture, out var goodsId)
                    ? await _goods.GetAsync(goodsId, platform.FindGoodsAsync, cancellationToken) : null;
                if (record is null || record.ShopId != me.ShopId)
                {
                    return Error("商品不存在");
                }
                goods = new GoodsSnapshot(record.Id, record.Image, record.MinPrice, record.Name);
                msg = LikeshopFrames.GoodsText(goods);
                break;
        }
        var draft = new SupportMessage(0, me.ShopId, userId, me.Role, me.Id, expectedTo, toId.Value, msg, (int)msgType.Value, goods,
            me.Nickname, me.Avatar, time.GetUtcNow(), clientMsgId, FromClient: Client(connection.State));
        var stored = await support.AppendAsync(draft, idempotencyKey, cancellationToken);
        var chat = LikeshopFrames.Chat(stored.Message, PlatformTimeZone, isRead: false, urls);
        if (!stored.Duplicate)
        {
            var recipient = expectedTo == Party.User ? $"user:{userId}" : $"kefu:{kefuId}";
            await Task.WhenAll(
                realtime.SendToUserAsync(Hub, recipient, chat, cancellationToken),
                realtime.SendToGroupAsync(Hub, IdentityGroup(me.RealtimeUserId), chat, [connection.ConnectionId], cancellationToken));
        }
        return me.Role == Party.User && ServingKefu(connection.State) != kefuId
            ? UserEventReply.Text(chat, WithServingKefu(connection.State, kefuId))
            : UserEventReply.Text(chat);
    }

    /// <summary>
    /// <c>transfer</c>: the agent serving a user hands them to another ONLINE agent of the shop. A notice record is
    /// stored (record type 2, excluded from the agents' history) and makes the new agent the assignee; the user gets
    /// it as <c>chat</c> plus <c>transfer</c> with the new agent; the new agent gets <c>get_success</c> with the
    /// relation; the old agent's reply is <c>send_success</c>.
    /// </summary>
    private async Task<UserEventReply> TransferAsync(Identity me, LikeshopFrame frame, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (frame.Id("user_id") is not { } userId || frame.Id("kefu_id") is not { } targetId)
        {
            return Error("参数错误");
        }
        var assignee = await support.AssigneeAsync(me.ShopId, userId, cancellationToken);
        var serving = assignee == me.Id || (assignee is null && await support.InboxEntryAsync(me.Id, me.ShopId, userId, cancellationToken) is not null);
        if (!serving || targetId == me.Id)
        {
            return Error("转接失败");
        }
        var target = await agents.FindAsync(targetId, cancellationToken);
        if (target is null || target.Disabled || target.ShopId != me.ShopId)
        {
            return Error("转接失败");
        }
        if (!await presence.IsOnlineAsync(Hub, $"user:{userId.ToString(CultureInfo.InvariantCulture)}", cancellationToken))
        {
            return Error("该用户不在线");
        }
        if (!await presence.IsOnlineAsync(Hub, Principal.AgentRealtimeUserId(target.Id), cancellationToken))
        {
            return Error("该客服不在线");
        }
        var buyer = await platform.FindBuyerAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        var notice = new SupportMessage(0, me.ShopId, userId, Party.Kefu, target.Id, Party.User, userId, $"客服({target.Nickname})为您服务",
            SupportMessageType.Text, null, target.Nickname, target.Avatar, now, null, RecordType: SupportRecordType.Notice);
        var stored = await support.AppendAsync(notice, idempotencyKey, cancellationToken);
        if (stored.Duplicate)
        {
            return UserEventReply.Text(LikeshopFrames.TransferSent());
        }
        var inboxUser = new InboxUser(buyer?.Nickname ?? "", buyer?.Avatar, buyer?.Client);
        var row = await support.HandOverAsync(me.ShopId, userId, me.Id, target.Id, inboxUser, now, cancellationToken);
        var user = $"user:{userId.ToString(CultureInfo.InvariantCulture)}";
        await realtime.SendToUserAsync(Hub, user, LikeshopFrames.Chat(stored.Message, PlatformTimeZone, isRead: false, urls), cancellationToken);
        await realtime.SendToUserAsync(Hub, user, LikeshopFrames.TransferredTo(target.Id, target.Nickname, urls.Prefixed(target.Avatar)), cancellationToken);
        await realtime.SendToUserAsync(Hub, Principal.AgentRealtimeUserId(target.Id), LikeshopFrames.TransferReceived(
            LikeshopFrames.Relation(me.ShopId, userId, target.Id, row.User ?? inboxUser, row, online: true, PlatformTimeZone, urls)), cancellationToken);
        return UserEventReply.Text(LikeshopFrames.TransferSent());
    }

    /// <summary>
    /// <c>read</c>: a kefu marks everything a user of its shop sent as read (<c>user_id</c>, <c>shop_id</c>); a user
    /// marks the conversation with <c>kefu_id</c>'s shop as read. The writer of what became read gets the watermark.
    /// </summary>
    private async Task<UserEventReply> ReadAsync(Identity me, LikeshopFrame frame, CancellationToken cancellationToken)
    {
        long userId, kefuId;
        if (me.Role == Party.Kefu)
        {
            if (frame.Id("user_id") is not { } user || (frame.Id("shop_id") is { } shopId && shopId != me.ShopId))
            {
                return Error("参数错误");
            }
            (userId, kefuId) = (user, me.Id);
        }
        else
        {
            var kefu = frame.Id("kefu_id") is { } id ? await _agents.GetAsync(id, agents.FindAsync, cancellationToken) : null;
            if (kefu is null || kefu.ShopId != me.ShopId)
            {
                return Error("该客服不存在");
            }
            (userId, kefuId) = (me.Id, kefu.Id);
        }
        var summary = await support.SummaryAsync(me.ShopId, userId, cancellationToken);
        if (me.Role == Party.Kefu && summary is null)
        {
            return Error("该用户不是本店客户");
        }
        if (me.Role == Party.Kefu && summary!.Assignee != me.Id)
        {
            return Error(NotServingMessage);
        }
        var last = summary?.LastSeq ?? 0;
        await support.MarkReadAsync(me.ShopId, userId, me.Role, last, cancellationToken);
        if (me.Role == Party.Kefu)
        {
            await support.MarkInboxReadAsync(me.Id, me.ShopId, userId, last, cancellationToken);
        }
        var writer = me.Role == Party.Kefu ? $"user:{userId.ToString(CultureInfo.InvariantCulture)}" : Principal.AgentRealtimeUserId(kefuId);
        await realtime.SendToUserAsync(Hub, writer, LikeshopFrames.Read(me.ShopId, userId, kefuId, last), cancellationToken);
        return UserEventReply.None;
    }

    /// <summary>The user names the agent chosen for them: the relation is refreshed and that agent learns the user is online.</summary>
    private async Task<UserEventReply> UserOnlineAsync(RealtimeConnection connection, Identity me, LikeshopFrame frame, CancellationToken cancellationToken)
    {
        var kefu = frame.Id("kefu_id") is { } kefuId ? await _agents.GetAsync(kefuId, agents.FindAsync, cancellationToken) : null;
        if (kefu is null || kefu.Disabled || kefu.ShopId != me.ShopId)
        {
            return Error("该客服不存在");
        }
        await support.TouchRelationAsync(me.ShopId, me.Id, kefu.Id, time.GetUtcNow(), new InboxUser(me.Nickname, me.Avatar, Client(connection.State)), cancellationToken);
        await PushRelationAsync(connection, me, kefu.Id, online: true, cancellationToken);
        return new UserEventReply(null, RealtimeDataType.Text, WithServingKefu(connection.State, kefu.Id));
    }

    /// <summary><c>user_online</c> to the agent: its list row for this user (one point read), online or not.</summary>
    private async Task PushRelationAsync(RealtimeConnection connection, Identity me, long kefuId, bool online, CancellationToken cancellationToken)
    {
        var entry = await support.InboxEntryAsync(kefuId, me.ShopId, me.Id, cancellationToken);
        var user = new InboxUser(me.Nickname, me.Avatar, Client(connection.State));
        await realtime.SendToUserAsync(Hub, Principal.AgentRealtimeUserId(kefuId),
            LikeshopFrames.UserOnline(LikeshopFrames.Relation(me.ShopId, me.Id, kefuId, user, entry, online, PlatformTimeZone, urls)), cancellationToken);
    }

    /// <summary>The refusal of a <c>read</c> from an agent of the shop who does not serve the user.</summary>
    public const string NotServingMessage = "该用户由其他客服接待";

    /// <summary>
    /// Extension: relays "typing" to the counterpart (every device), never stored. At most one relay per
    /// <see cref="TypingInterval"/> per connection; the extra frames are dropped silently (clients send them per keystroke).
    /// </summary>
    private async Task<UserEventReply> TypingAsync(RealtimeConnection connection, Identity me, LikeshopFrame frame, CancellationToken cancellationToken)
    {
        var toType = frame.Text("to_type");
        if (frame.Id("to_id") is not { } toId || toType != (me.Role == Party.User ? Party.Kefu : Party.User))
        {
            return Error("接收人错误");
        }
        if (me.Role == Party.User)
        {
            var kefu = await _agents.GetAsync(toId, agents.FindAsync, cancellationToken);
            if (kefu is null || kefu.Disabled || kefu.ShopId != me.ShopId)
            {
                return Error("该客服不存在");
            }
        }
        else if (!await support.IsCustomerAsync(me.ShopId, toId, me.Id, cancellationToken))
        {
            return Error("该用户不是本店客户");
        }
        var now = time.GetUtcNow();
        if (_typing.TryGetValue(connection.ConnectionId, out var last) && now - last < TypingInterval)
        {
            return UserEventReply.None;
        }
        _typing[connection.ConnectionId] = now;
        var recipient = $"{toType}:{toId.ToString(CultureInfo.InvariantCulture)}";
        await realtime.SendToUserAsync(Hub, recipient, LikeshopFrames.Typing(me.ShopId, me.Role, me.Id), cancellationToken);
        return UserEventReply.None;
    }

    public static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(2);

    private static long? ServingKefu(IReadOnlyDictionary<string, string> state) =>
        state.TryGetValue("kefu", out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static int? Client(IReadOnlyDictionary<string, string> state) =>
        state.TryGetValue("client", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var client) ? client : null;

    private static Dictionary<string, string> WithServingKefu(IReadOnlyDictionary<string, string> state, long kefuId) =>
        new(state) { ["kefu"] = kefuId.ToString(CultureInfo.InvariantCulture) };

    /// <summary>Extension: the records after <c>after_seq</c> (at most <see cref="MaxSyncRecords"/>), for a reconnecting client.</summary>
    private async Task<UserEventReply> SyncAsync(Identity me, LikeshopFrame frame, CancellationToken cancellationToken)
    {
        var afterSeq = frame.Id("after_seq") ?? 0;
        var userId = me.Role == Party.User ? me.Id : frame.Id("user_id");
        if (userId is null || afterSeq < 0)
        {
            return Error("参数错误");
        }
        var last = await support.LastSeqAsync(me.ShopId, userId.Value, cancellationToken);
        var upTo = Math.Min(last, afterSeq + MaxSyncRecords);
        var records = await support.ReadRangeAsync(me.ShopId, userId.Value, afterSeq + 1, upTo, cancellationToken);
        var read = await support.ReadWatermarksAsync(me.ShopId, userId.Value, cancellationToken);
        return UserEventReply.Text(LikeshopFrames.Sync(me.ShopId, userId.Value, afterSeq, records, PlatformTimeZone, read, more: upTo < last, urls));
    }

    public const int MaxSyncRecords = 100;

    private static ConnectResult Accept(string role, long id, long shopId, int? client, string nickname, string? avatar)
    {
        var identity = new Identity(role, id, shopId, nickname, avatar);
        var state = identity.ToState();
        if (client is { } c)
        {
            state["client"] = c.ToString(CultureInfo.InvariantCulture);
        }
        return new ConnectResult.Accepted(identity.RealtimeUserId, Groups: [IdentityGroup(identity.RealtimeUserId)], State: state);
    }

    private static UserEventReply Error(string message) => UserEventReply.Text(LikeshopFrames.Error(message));

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientMsgIdPattern();

    /// <summary>Who is on the connection, as kept in its state.</summary>
    private sealed record Identity(string Role, long Id, long ShopId, string Nickname, string? Avatar)
    {
        public string RealtimeUserId => $"{Role}:{Id.ToString(CultureInfo.InvariantCulture)}";

        public Dictionary<string, string> ToState() => new()
        {
            ["role"] = Role,
            ["id"] = Id.ToString(CultureInfo.InvariantCulture),
            ["shop"] = ShopId.ToString(CultureInfo.InvariantCulture),
            ["nick"] = Nickname,
            ["avatar"] = Avatar ?? "",
        };

        public static Identity? From(IReadOnlyDictionary<string, string> state) =>
            state.TryGetValue("role", out var role) && role is Party.User or Party.Kefu
            && state.TryGetValue("id", out var id) && long.TryParse(id, CultureInfo.InvariantCulture, out var idValue)
            && state.TryGetValue("shop", out var shop) && long.TryParse(shop, CultureInfo.InvariantCulture, out var shopValue)
                ? new Identity(role, idValue, shopValue, state.GetValueOrDefault("nick", ""), state.GetValueOrDefault("avatar") is { Length: > 0 } a ? a : null)
                : null;
    }
}
