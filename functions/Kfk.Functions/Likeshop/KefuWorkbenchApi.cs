using System.Globalization;
using System.Security.Claims;
using Kfk.Azure.WebPubSub;
using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.PlatformData;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;
using Kfk.Core.Support;
using Microsoft.Extensions.Options;

namespace Kfk.Functions.Likeshop;

/// <summary>The workbench's own routes: the agent's conversation list, its online colleagues, itself, and the site config.</summary>
public static class KefuWorkbenchApi
{
    /// <summary>Only the most recent relations are checked for presence when ranking online users first.</summary>
    public const int OnlineRankingWindow = 200;

    /// <summary>
    /// <c>GET /kefuapi/chat/user?nickname=</c>: this agent's relations in its shop (its inbox partition), online users
    /// first, then most recent; <c>is_read</c> 0 while the user's last message is past the agent's read position.
    /// </summary>
    public static async Task<IResult> Users(ClaimsPrincipal caller, string? nickname, int? page_no, int? page_size,
        ISupportStore support, IPresenceStore presence, IPlatformDataStore platform, LikeshopUrls urls, PlatformTimeZone zone, CancellationToken cancellationToken)
    {
        var (shopId, kefuId) = caller.LikeshopAgent();
        if (LikeshopPaging.Read(page_no, page_size) is not { } paging)
        {
            return LikeshopEnvelope.Fail(LikeshopPaging.InvalidMessage);
        }
        var entries = (await support.InboxAsync(shopId, kefuId, cancellationToken)).ToList();
        var users = await Task.WhenAll(entries.Select(async e => e.User ?? await LookUpAsync(platform, e.UserId, cancellationToken)));
        var online = await presence.OnlineAmongAsync(HubNames.Likeshop,
            [.. entries.Take(OnlineRankingWindow).Select(e => UserIdentity(e.UserId))], cancellationToken);
        var search = nickname?.Trim();
        var rows = entries
            .Select((entry, i) => (Entry: entry, User: users[i], Online: online.Contains(UserIdentity(entry.UserId))))
            .Where(r => string.IsNullOrEmpty(search) || r.User.Nickname.Contains(search, StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(r => r.Online)
            .ThenByDescending(r => r.Entry.LastAt)
            .Select(r => LikeshopFrames.Relation(r.Entry.ShopId, r.Entry.UserId, kefuId, r.User, r.Entry, r.Online, zone, urls))
            .ToList();
        return LikeshopEnvelope.Success(LikeshopPaging.Slice(rows, paging));
    }

    /// <summary><c>GET /kefuapi/chat/online</c>: the OTHER online agents of the shop (the transfer picker).</summary>
    public static async Task<IResult> OnlineColleagues(ClaimsPrincipal caller, IAgentStore agents, IPresenceStore presence,
        LikeshopUrls urls, CancellationToken cancellationToken)
    {
        var (shopId, kefuId) = caller.LikeshopAgent();
        var colleagues = (await agents.ListAsync(shopId, cancellationToken)).Where(a => a.Id != kefuId && !a.Disabled).ToList();
        var online = await presence.OnlineAmongAsync(HubNames.Likeshop, [.. colleagues.Select(a => RealtimeUserIds.Kefu(a.Id))], cancellationToken);
        return LikeshopEnvelope.Success(colleagues
            .Where(a => online.Contains(RealtimeUserIds.Kefu(a.Id)))
            .Select(a => new ColleagueResponse(a.Id, a.Nickname, urls.Raw(a.Avatar)))
            .ToList());
    }

    /// <summary><c>GET /kefuapi/chat/kefuInfo</c>: the signed-in agent (a disabled one is sent to log in again).</summary>
    public static async Task<IResult> KefuInfo(ClaimsPrincipal caller, IAgentStore agents, IPresenceStore presence,
        LikeshopUrls urls, CancellationToken cancellationToken)
    {
        if (await agents.FindAsync(caller.LikeshopAgent().KefuId, cancellationToken) is not { Disabled: false } agent)
        {
            return LikeshopEnvelope.Expired();
        }
        var online = await presence.IsOnlineAsync(HubNames.Likeshop, RealtimeUserIds.Kefu(agent.Id), cancellationToken);
        return LikeshopEnvelope.Success(new KefuInfoResponse(agent.Id, agent.ShopId, agent.Nickname, urls.Raw(agent.Avatar), online ? 1 : 0));
    }

    /// <summary><c>GET /kefuapi/chat/config</c> (no session): what the workbench needs before login.</summary>
    public static IResult Config(IOptions<LikeshopOptions> options, IOptions<WebPubSubOptions> webPubSub)
    {
        var o = options.Value;
        var ws = o.WsDomain is { Length: > 0 } configured
            ? configured
            : ClientAccessTokens.ClientBaseUrl(webPubSub.Value.ServiceEndpoint, HubNames.Likeshop).ToString();
        return LikeshopEnvelope.Success(new WorkbenchConfigResponse(o.BaseDomain, o.WebFavicon, o.CompanyName, ws));
    }

    private static string UserIdentity(long userId) => $"{Party.User}:{userId.ToString(CultureInfo.InvariantCulture)}";

    private static async Task<InboxUser> LookUpAsync(IPlatformDataStore platform, long userId, CancellationToken cancellationToken) =>
        await platform.FindBuyerAsync(userId, cancellationToken) is { } buyer
            ? new InboxUser(buyer.Nickname, buyer.Avatar, buyer.Client)
            : new InboxUser("", null, null);
}

public sealed record ColleagueResponse(long Id, string Nickname, string Avatar);

public sealed record KefuInfoResponse(long Id, long ShopId, string Nickname, string Avatar, int Online);

public sealed record WorkbenchConfigResponse(string BaseDomain, string WebFavicon, string CompanyName, string WsDomain);
