using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

/// <summary>The stable codes of the dispute room use cases' refusals (besides <see cref="MessageErrors"/>).</summary>
public static class RoomErrors
{
    public const string ArgumentsInvalid = "arguments_invalid";
    public const string RoomInvalid = "room_invalid";
    public const string ClientMsgIdInvalid = "client_msg_id_invalid";

    /// <summary>The token is not valid, or not for that room in that seat.</summary>
    public const string EntryRefused = "entry_refused";

    public const string ReadForbidden = "read_forbidden";
    public const string DisputeNotFound = "dispute_not_found";

    /// <summary>The room <paramref name="reader"/> may read when it asks for <paramref name="orderSn"/>: its own; platform staff any.</summary>
    public static Result<string> Readable(RoomMember reader, string? orderSn) => orderSn switch
    {
        null => Error.Validation(ArgumentsInvalid, "Name the room (order_num).", "order_num"),
        _ when orderSn == reader.Room => orderSn,
        _ when reader.IsStaff && PlatformDataRules.IsOrderSn(orderSn) => orderSn,
        _ => Error.Forbidden(ReadForbidden, $"This login may not read room {orderSn}."),
    };
}
