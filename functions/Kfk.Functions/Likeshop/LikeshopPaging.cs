namespace Kfk.Functions.Likeshop;

/// <summary>The likeshop paging shape: <c>{list, page, size, count, more}</c> from <c>page_no</c>, <c>page_size</c>.</summary>
public sealed record LikeshopPage<T>(IReadOnlyList<T> List, int Page, int Size, long Count, int More);

public static class LikeshopPaging
{
    public const int DefaultSize = 15;
    public const int MaxSize = 100;
    public const string InvalidMessage = "分页参数错误";

    /// <summary>The requested page (default 1 × 15), or null when it is out of range (page ≥ 1, size 1–100).</summary>
    public static (int Page, int Size)? Read(int? pageNo, int? pageSize)
    {
        var page = pageNo ?? 1;
        var size = pageSize ?? DefaultSize;
        return page < 1 || size is < 1 or > MaxSize ? null : (page, size);
    }

    /// <summary>One page of an in-memory list.</summary>
    public static LikeshopPage<T> Slice<T>(IReadOnlyList<T> all, (int Page, int Size) paging)
    {
        var (page, size) = paging;
        var skip = (long)(page - 1) * size;
        var list = skip >= all.Count ? [] : all.Skip((int)skip).Take(size).ToList();
        return new LikeshopPage<T>(list, page, size, all.Count, skip + size < all.Count ? 1 : 0);
    }
}
