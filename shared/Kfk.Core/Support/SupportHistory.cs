namespace Kfk.Core.Support;

public sealed record HistoryPage(IReadOnlyList<SupportMessage> Records, ReadWatermarks Read, long Count, bool More);

/// <summary>
/// History pages, newest page first, records oldest → newest inside a page. A page is a seq range (seq is gapless), so
/// any page costs a summary read, a watermark query and one range query, whatever the conversation's length.
/// </summary>
public static class SupportHistory
{
    public static async Task<HistoryPage> PageAsync(ISupportStore support, long shopId, long userId, int page, int size, bool includeNotices,
        CancellationToken cancellationToken)
    {
        var last = await support.LastSeqAsync(shopId, userId, cancellationToken);
        var newest = last - ((long)(page - 1) * size);
        var oldest = newest - size + 1;
        var records = await support.ReadRangeAsync(shopId, userId, Math.Max(oldest, 1), newest, cancellationToken);
        var read = await support.ReadWatermarksAsync(shopId, userId, cancellationToken);
        return new HistoryPage(includeNotices ? records : [.. records.Where(r => r.RecordType == 1)], read, last, oldest > 1);
    }
}
