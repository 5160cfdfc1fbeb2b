namespace Kfk.Core.Disputes;

/// <summary>Who wrote a room message: the history <c>type</c> code and the frame's <c>from</c>.</summary>
public static class RoomSender
{
    public const string Buyer = "1";
    public const string Merchant = "2";
    public const string Staff = "3";
    public const string System = "4";

    public static string From(string type) => type switch
    {
        Buyer => "user",
        Merchant => "account",
        Staff => "admin",
        _ => "sys",
    };
}

/// <summary>
/// One stored message of an order's dispute room. <see cref="Seq"/> is gapless per room; <see cref="SenderId"/> names
/// the principal (order, shop or agent) for audits. Content is stored raw; the dialect escapes it.
/// </summary>
public sealed record RoomMessage(
    long Seq,
    string OrderSn,
    string Type,
    string SenderId,
    string Content,
    string ContentType,
    DateTimeOffset CreatedAt);

public sealed record RoomPage(IReadOnlyList<RoomMessage> NewestFirst, long Total, int PerPage, int CurrentPage, int LastPage);

/// <summary>msg_list pages: 20 per page, newest first; a page is a seq range, so it costs the same at any room size.</summary>
public static class RoomHistory
{
    public const int PageSize = 20;

    public static async Task<RoomPage> PageAsync(IRoomStore rooms, string orderSn, int page, CancellationToken cancellationToken)
    {
        var total = await rooms.LastSeqAsync(orderSn, cancellationToken);
        var newest = total - ((long)(page - 1) * PageSize);
        var records = newest < 1 ? [] : await rooms.ReadRangeAsync(orderSn, Math.Max(newest - PageSize + 1, 1), newest, cancellationToken);
        var lastPage = (int)Math.Max(1, (total + PageSize - 1) / PageSize);
        return new RoomPage([.. records.Reverse()], total, PageSize, page, lastPage);
    }
}
