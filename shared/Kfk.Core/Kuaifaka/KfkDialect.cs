using System.Text;
using System.Text.RegularExpressions;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.Media;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;

namespace Kfk.Core.Kuaifaka;

/// <summary>
/// The <c>kfk</c> hub: kuaifaka dispute rooms. Clients connect (anonymously or with a negotiated token), then log into
/// one order's room with the <c>login</c> frame; the login lives in the connection state. Protocol errors are always
/// answered with an error frame (a non-2xx answer would drop the connection).
/// </summary>
public sealed partial class KfkDialect(
    TokenService tokens,
    IAgentStore agents,
    IPlatformDataStore platform,
    IDisputeStore disputes,
    IRoomStore rooms,
    IRealtimeHub realtime,
    IMediaCatalog media,
    DisputeOptions options,
    TimeProvider time) : IHubDialect
{
    public const int MaxTextLength = 500;
    public const int MaxFrameBytes = 64 * 1024;
    public const int MaxFramesPerSecond = 5;
    public const int MaxUrlLength = 1024;

    private readonly ShortLivedCache<long, Shop> _shops = new(TimeSpan.FromSeconds(30), time);
    private readonly FixedWindowLimiter _frames = new(MaxFramesPerSecond, TimeSpan.FromSeconds(1), time);
    private readonly TimeZoneInfo _zone = options.PlatformTimeZone();

    public string Hub => DisputeService.Hub;

    /// <summary>Anyone may open a socket (legacy clients connect anonymously); rooms need the login frame.</summary>
    public Task<ConnectResult> ConnectAsync(ConnectRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<ConnectResult>(new ConnectResult.Accepted());

    public Task ConnectedAsync(RealtimeConnection connection, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task DisconnectedAsync(RealtimeConnection connection, string? reason, CancellationToken cancellationToken)
    {
        _frames.Forget(connection.ConnectionId);
        return Task.CompletedTask;
    }

    public async Task<UserEventReply> HandleAsync(RealtimeConnection connection, UserEvent userEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (userEvent.Data.Length > MaxFrameBytes)
        {
            return Reply(KfkFrames.Error("消息过大", now));
        }
        if (IsBarePing(userEvent.Data.Span))
        {
            return Reply(KfkFrames.Pong);
        }
        if (!_frames.TryAcquire(connection.ConnectionId))
        {
            return Reply(KfkFrames.Error("您的发送频率太快了", now));
        }
        if (KfkFrame.Parse(userEvent.Data.Span) is not { } frame)
        {
            return Reply(KfkFrames.Error("参数错误", now));
        }
        var login = KfkLogin.From(connection.State);
        return frame.Type switch
        {
            "login" => await LoginAsync(connection, login, frame, cancellationToken),
            "say" or "report_detail" or "msg_list" when login is null => Reply(KfkFrames.NoLogin(now)),
            "say" => await SayAsync(connection, login!, frame, userEvent.IdempotencyKey(connection), cancellationToken),
            "report_detail" => await ReportDetailAsync(login!, frame, cancellationToken),
            "msg_list" => await MessageListAsync(login!, frame, cancellationToken),
            _ => Reply(KfkFrames.Pong), // legacy: an unknown type is a heartbeat
        };
    }

    private async Task<UserEventReply> LoginAsync(RealtimeConnection connection, KfkLogin? previous, KfkFrame frame, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var room = frame.DataText("room");
        if (string.IsNullOrEmpty(room) || !RoomPattern().IsMatch(room))
        {
            return Reply(KfkFrames.Error("参数错误", now));
        }
        var principal = await tokens.AuthenticateAsync(frame.Text("token"), cancellationToken);
        var authType = frame.DataText("authtype") is { Length: > 0 and <= 16 } a ? a : "";
        if (await AuthorizeAsync(frame.DataText("type"), principal, room, authType, cancellationToken) is not { } login)
        {
            return Reply(KfkFrames.TokenInvalid(now));
        }
        var connectionId = connection.ConnectionId;
        if (previous is not null && (previous.Room != room || previous.IsBuyer != login.IsBuyer))
        {
            await realtime.RemoveConnectionFromGroupAsync(Hub, DisputeService.RoomGroup(previous.Room), connectionId, cancellationToken);
            if (previous.IsBuyer)
            {
                await realtime.RemoveConnectionFromGroupAsync(Hub, DisputeService.BuyerGroup(previous.Room), connectionId, cancellationToken);
            }
        }
        await realtime.AddConnectionToGroupAsync(Hub, DisputeService.RoomGroup(room), connectionId, cancellationToken);
        if (login.IsBuyer)
        {
            await realtime.AddConnectionToGroupAsync(Hub, DisputeService.BuyerGroup(room), connectionId, cancellationToken);
        }
        return Reply(KfkFrames.LoginSuccess(KfkRole.IsShopAccount(login.Role) ? login.ShopId : null), login.ToState());
    }

    /// <summary>
    /// A buyer token opens only its own order's room; a shop token only rooms of orders whose dispute involves the shop
    /// (the role follows from the shop's place in the chain); platform staff any existing order's room.
    /// </summary>
    private async Task<KfkLogin?> AuthorizeAsync(string? role, Principal? principal, string room, string authType, CancellationToken cancellationToken)
    {
        switch (role, principal)
        {
            case (KfkRole.User, { Kind: PrincipalKind.BuyerOrder, OrderSn: { } sn }) when sn == room:
                return await platform.FindOrderAsync(room, cancellationToken) is null
                    ? null
                    : new KfkLogin(room, KfkRole.User, RoomSender.Buyer, principal.RealtimeUserId, null, authType);
            case (_, { Kind: PrincipalKind.Shop, ShopId: { } shopId }) when KfkRole.IsShopAccount(role):
                var dispute = await disputes.FindLatestForOrderAsync(room, cancellationToken);
                return dispute?.Dispute.RoleOf(shopId) is { } chainRole
                    ? new KfkLogin(room, KfkRole.Of(chainRole), RoomSender.Merchant, principal.RealtimeUserId, shopId, authType)
                    : null;
            case (KfkRole.Admin, { Kind: PrincipalKind.Admin, KefuId: { } kefuId }):
                var agent = await agents.FindAsync(kefuId, cancellationToken);
                var isStaff = agent is { Disabled: false, Role: AgentRole.Admin, ShopId: Shop.PlatformShopId };
                return isStaff && await platform.FindOrderAsync(room, cancellationToken) is not null
                    ? new KfkLogin(room, KfkRole.Admin, RoomSender.Staff, principal.RealtimeUserId, null, authType)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Stored first, then delivered to everyone else in the room; then the safety tip and civility notice, if any. A retry or
    /// replay of the same upstream event (<paramref name="idempotencyKey"/>) stores and delivers nothing again.
    /// </summary>
    private async Task<UserEventReply> SayAsync(RealtimeConnection connection, KfkLogin login, KfkFrame frame, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var content = frame.DataText("content");
        var type = frame.DataText("type");
        if (type is not ("text" or "image"))
        {
            return Reply(KfkFrames.Error("消息类型错误", now));
        }
        if (string.IsNullOrWhiteSpace(content))
        {
            return Reply(KfkFrames.Error("消息内容不能为空", now));
        }
        if (type == "text" && content.Length > MaxTextLength)
        {
            return Reply(KfkFrames.Error($"消息内容不能超过{MaxTextLength}个字符", now));
        }
        if (type == "image" && (content.Length > MaxUrlLength || !await media.IsStoredImageUrlAsync(content, cancellationToken)))
        {
            return Reply(KfkFrames.Error("图片地址错误", now));
        }
        var (stored, duplicate) = await rooms.AppendOnceAsync(new RoomMessage(0, login.Room, login.Sender, login.Principal, content, type, now),
            idempotencyKey, cancellationToken);
        if (duplicate)
        {
            return UserEventReply.None;
        }
        await realtime.SendToGroupAsync(Hub, DisputeService.RoomGroup(login.Room), KfkFrames.Message(stored), [connection.ConnectionId], cancellationToken);
        if (type == "text" && login.Sender == RoomSender.Merchant && ContainsAny(content, options.SafetyWords))
        {
            await realtime.SendToGroupAsync(Hub, DisputeService.BuyerGroup(login.Room), KfkFrames.Notice(options.SafetyTip, now), null, cancellationToken);
        }
        if (type == "text" && login.Sender is RoomSender.Buyer or RoomSender.Merchant && ContainsAny(content, options.ProfanityWords))
        {
            await realtime.SendToGroupAsync(Hub, DisputeService.RoomGroup(login.Room), KfkFrames.Notice(options.CivilityNotice, now), null, cancellationToken);
        }
        return UserEventReply.None;
    }

    private async Task<UserEventReply> ReportDetailAsync(KfkLogin login, KfkFrame frame, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (RoomOf(login, frame) is not { } room)
        {
            return Reply(KfkFrames.Error(frame.Text("order_num") is null ? "参数错误" : "无权查看该投诉", now));
        }
        if (await disputes.FindLatestForOrderAsync(room, cancellationToken) is not { Dispute: var dispute })
        {
            return Reply(KfkFrames.Error("投诉不存在", now));
        }
        var shops = new DisputeShops(
            await ShopAsync(dispute.ShopId, cancellationToken),
            dispute.ProxyShopId is { } proxy ? await ShopAsync(proxy, cancellationToken) : null,
            dispute.TopProxyShopId is { } top ? await ShopAsync(top, cancellationToken) : null);
        var maskPhone = login.Role is KfkRole.ProxyAccount or KfkRole.TopProxyAccount;
        var authority = DisputeRules.HasOperationAuthority(dispute, login.Actor);
        return Reply(KfkFrames.ReportDetail(KfkFrames.ReportContent(dispute, shops, maskPhone, authority, now, _zone)));
    }

    private async Task<UserEventReply> MessageListAsync(KfkLogin login, KfkFrame frame, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (RoomOf(login, frame) is not { } room)
        {
            return Reply(KfkFrames.Error(frame.Text("order_num") is null ? "参数错误" : "无权查看该投诉", now));
        }
        var page = frame.Number("page") ?? 1;
        if (page is < 1 or > int.MaxValue)
        {
            return Reply(KfkFrames.Error("参数错误", now));
        }
        return Reply(KfkFrames.MessageList(await RoomHistory.PageAsync(rooms, room, (int)page, cancellationToken)));
    }

    /// <summary>The room a read frame may read: the one the connection is logged into; platform staff any.</summary>
    private static string? RoomOf(KfkLogin login, KfkFrame frame) => frame.Text("order_num") switch
    {
        { } room when room == login.Room => room,
        { } room when login.Role == KfkRole.Admin && RoomPattern().IsMatch(room) => room,
        _ => null,
    };

    private Task<Shop?> ShopAsync(long id, CancellationToken cancellationToken) => _shops.GetAsync(id, platform.FindShopAsync, cancellationToken);

    private static bool ContainsAny(string text, IEnumerable<string> words) =>
        words.Any(w => w.Length > 0 && text.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static bool IsBarePing(ReadOnlySpan<byte> data) => data.Length <= 16 && Encoding.UTF8.GetString(data).Trim() == "ping";

    private static UserEventReply Reply(string text, IReadOnlyDictionary<string, string>? state = null) => UserEventReply.Text(text, state);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex RoomPattern();
}
