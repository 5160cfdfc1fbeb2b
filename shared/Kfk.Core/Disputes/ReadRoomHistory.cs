using Kfk.Core.Common;

namespace Kfk.Core.Disputes;

/// <summary>Room history (msg_list): a page of the room the reader may read (<see cref="RoomErrors.Readable"/>), newest first.</summary>
public sealed class ReadRoomHistory(IRoomStore rooms)
{
    /// <summary><paramref name="page"/> counts from 1 (the newest); null is the first.</summary>
    public async Task<Result<RoomPage>> ExecuteAsync(RoomMember reader, string? orderSn, long? page, CancellationToken cancellationToken)
    {
        var room = RoomErrors.Readable(reader, orderSn);
        if (!room.IsSuccess)
        {
            return room.Error;
        }
        var number = page ?? 1;
        if (number is < 1 or > int.MaxValue)
        {
            return Error.Validation(RoomErrors.ArgumentsInvalid, "page must be a positive integer.", "page");
        }
        return await RoomHistory.PageAsync(rooms, room.Value, (int)number, cancellationToken);
    }
}
