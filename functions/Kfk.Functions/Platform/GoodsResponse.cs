using Kfk.Core.PlatformData;

namespace Kfk.Functions.Platform;

/// <summary>A goods record on the native API (<c>PUT/GET /api/v1/goods/{goods_id}</c>).</summary>
public sealed record GoodsResponse(long Id, long ShopId, string Name, string? Image, string? MinPrice, DateTimeOffset UpdatedAt)
{
    public static GoodsResponse From(Goods goods) => new(goods.Id, goods.ShopId, goods.Name, goods.Image, goods.MinPrice, goods.UpdatedAt);
}
