using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

/// <summary>The shops of a disputed order's chain, as the platform described them.</summary>
public sealed record DisputeShops(Shop? Merchant, Shop? Proxy, Shop? TopProxy);

/// <summary>
/// A dispute as a room member sees it: the buyer's phone masked for resellers and suppliers, and whether the member may
/// act on it (<see cref="DisputeRules.HasOperationAuthority"/>).
/// </summary>
public sealed record DisputeDetail(Dispute Dispute, DisputeShops Shops, bool MaskPhone, bool OperationAuthority);

/// <summary>Dispute detail (report_detail): the latest dispute of a room the reader may read (<see cref="RoomErrors.Readable"/>).</summary>
public sealed class ReadDisputeDetail(IDisputeStore disputes, IPlatformDataStore platform, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan ShopTtl = TimeSpan.FromSeconds(30);

    private readonly RecordCache _shops = new(ShopTtl, time);

    public async Task<Result<DisputeDetail>> ExecuteAsync(RoomMember reader, string? orderSn, CancellationToken cancellationToken)
    {
        var room = RoomErrors.Readable(reader, orderSn);
        if (!room.IsSuccess)
        {
            return room.Error;
        }
        if (await disputes.FindLatestForOrderAsync(room.Value, cancellationToken) is not { Dispute: var dispute })
        {
            return Error.NotFound(RoomErrors.DisputeNotFound, $"Order {room.Value} has no dispute.");
        }
        var shops = new DisputeShops(
            await ShopAsync(dispute.ShopId, cancellationToken),
            dispute.ProxyShopId is { } proxy ? await ShopAsync(proxy, cancellationToken) : null,
            dispute.TopProxyShopId is { } top ? await ShopAsync(top, cancellationToken) : null);
        var maskPhone = reader.ChainRole is ShopRole.Proxy or ShopRole.TopProxy;
        return new DisputeDetail(dispute, shops, maskPhone, DisputeRules.HasOperationAuthority(dispute, reader.Actor));
    }

    public void Dispose() => _shops.Dispose();

    private Task<Shop?> ShopAsync(long id, CancellationToken cancellationToken) => _shops.GetAsync(id, platform.FindShopAsync, cancellationToken);
}
