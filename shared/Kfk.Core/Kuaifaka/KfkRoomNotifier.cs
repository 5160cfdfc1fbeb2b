using Kfk.Core.Disputes;
using Kfk.Core.Realtime;

namespace Kfk.Core.Kuaifaka;

/// <summary>The dispute room notifications as kfk frames, pushed to the room's groups on the kfk hub.</summary>
public sealed class KfkRoomNotifier(IRealtimeHub realtime) : IRoomNotifier
{
    public Task MessageAsync(RoomMessage message, string? originConnectionId, CancellationToken cancellationToken) =>
        realtime.SendToGroupAsync(HubNames.Kfk, RealtimeGroups.Room(message.OrderSn), KfkFrames.Message(message),
            originConnectionId is null ? null : [originConnectionId], cancellationToken);

    public Task NoticeAsync(string orderSn, RoomAudience audience, string text, DateTimeOffset at, CancellationToken cancellationToken) =>
        realtime.SendToGroupAsync(HubNames.Kfk, audience == RoomAudience.Buyers ? RealtimeGroups.RoomBuyers(orderSn) : RealtimeGroups.Room(orderSn),
            KfkFrames.Notice(text, at), null, cancellationToken);
}
