using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Realtime;
using Kfk.Core.Support;

namespace Kfk.Core.Likeshop;

/// <summary>The support notifications as likeshop frames, pushed on the likeshop hub.</summary>
public sealed class LikeshopNotifier(IRealtimeHub realtime, LikeshopUrls urls, PlatformTimeZone zone) : ISupportNotifier
{
    private const string Hub = HubNames.Likeshop;

    /// <summary><c>chat</c> to every connection of the recipient and the sender's other devices: one delivery call.</summary>
    public Task MessageAsync(SupportMessage message, string? originConnectionId, CancellationToken cancellationToken) =>
        realtime.SendToUsersAsync(Hub, [Party.RealtimeUserId(message.ToType, message.ToId), Party.RealtimeUserId(message.FromType, message.FromId)],
            LikeshopFrames.Chat(message, zone, isRead: false, urls), originConnectionId is null ? null : [originConnectionId], cancellationToken);

    /// <summary>The user gets <c>chat</c> with the notice then <c>transfer</c> with the new agent; the new agent <c>get_success</c>.</summary>
    public async Task TransferredAsync(SupportMessage notice, Agent target, InboxEntry row, InboxUser user, CancellationToken cancellationToken)
    {
        var buyer = RealtimeUserIds.User(notice.UserId);
        await realtime.SendToUserAsync(Hub, buyer, LikeshopFrames.Chat(notice, zone, isRead: false, urls), cancellationToken);
        await realtime.SendToUserAsync(Hub, buyer, LikeshopFrames.TransferredTo(target.Id, target.Nickname, urls.Prefixed(target.Avatar)), cancellationToken);
        await realtime.SendToUserAsync(Hub, RealtimeUserIds.Kefu(target.Id), LikeshopFrames.TransferReceived(
            LikeshopFrames.Relation(notice.ShopId, notice.UserId, target.Id, user, row, online: true, zone, urls)), cancellationToken);
    }

    public Task ReadAsync(string reader, long shopId, long userId, long kefuId, long upToSeq, CancellationToken cancellationToken)
    {
        var writer = reader == Party.Kefu ? RealtimeUserIds.User(userId) : RealtimeUserIds.Kefu(kefuId);
        return realtime.SendToUserAsync(Hub, writer, LikeshopFrames.Read(shopId, userId, kefuId, upToSeq), cancellationToken);
    }

    public Task UserPresenceAsync(SupportActor user, long kefuId, InboxEntry? row, bool online, CancellationToken cancellationToken) =>
        realtime.SendToUserAsync(Hub, RealtimeUserIds.Kefu(kefuId),
            LikeshopFrames.UserOnline(LikeshopFrames.Relation(user.ShopId, user.Id, kefuId, user.AsInboxUser(), row, online, zone, urls)), cancellationToken);

    public Task TypingAsync(SupportActor sender, long toId, CancellationToken cancellationToken) =>
        realtime.SendToUserAsync(Hub, Party.RealtimeUserId(sender.Counterpart, toId), LikeshopFrames.Typing(sender.ShopId, sender.Role, sender.Id), cancellationToken);
}
