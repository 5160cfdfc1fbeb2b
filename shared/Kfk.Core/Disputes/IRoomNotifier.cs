namespace Kfk.Core.Disputes;

/// <summary>
/// How the dispute use cases reach the people in a room once a change is stored. The kfk hub implements it in its wire
/// format; sends to empty rooms are no-ops.
/// </summary>
public interface IRoomNotifier
{
    /// <summary>A stored room message, to everyone in the room but <paramref name="originConnectionId"/>.</summary>
    Task MessageAsync(RoomMessage message, string? originConnectionId, CancellationToken cancellationToken);

    /// <summary>A live notice that is not stored (safety tip, civility), sent at <paramref name="at"/>.</summary>
    Task NoticeAsync(string orderSn, RoomAudience audience, string text, DateTimeOffset at, CancellationToken cancellationToken);
}
