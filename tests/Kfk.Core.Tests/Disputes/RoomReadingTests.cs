using Kfk.Core.Disputes;
using Kfk.Core.PlatformData;
using Kfk.Core.Realtime;

namespace Kfk.Core.Tests.Disputes;

public sealed class RoomReadingTests
{
    [Fact]
    public async Task AMember_ReadsOnlyItsOwnRoom_StaffAnyRoom()
    {
        var world = await RoomScenario.OpenAsync();
        var staff = new RoomMember("elsewhere", new DisputeActor.Staff(1), RealtimeUserIds.Kefu(1));

        var own = await world.History.ExecuteAsync(world.Buyer, RoomScenario.OrderSn, null, CancellationToken.None);
        var other = await world.History.ExecuteAsync(world.Buyer, "elsewhere", null, CancellationToken.None);
        var byStaff = await world.History.ExecuteAsync(staff, RoomScenario.OrderSn, 1, CancellationToken.None);
        var otherDetail = await world.Detail.ExecuteAsync(world.Buyer, "elsewhere", CancellationToken.None);

        Assert.Equal((1L, 1), (own.Value.Total, own.Value.NewestFirst.Count));
        Assert.Equal((RoomErrors.ReadForbidden, RoomErrors.ReadForbidden), (other.Error?.Code, otherDetail.Error?.Code));
        Assert.Equal(1, byStaff.Value.Total);
    }

    [Theory]
    [InlineData(null, 1L)]
    [InlineData("kfk1906283139aaf3", 0L)]
    [InlineData("kfk1906283139aaf3", -1L)]
    [InlineData("kfk1906283139aaf3", 2_147_483_648L)]
    public async Task History_WithoutARoom_OrWithABadPage_IsArgumentsInvalid(string? room, long page)
    {
        var world = await RoomScenario.OpenAsync();

        var read = await world.History.ExecuteAsync(world.Buyer, room, page, CancellationToken.None);

        Assert.Equal(RoomErrors.ArgumentsInvalid, read.Error?.Code);
    }

    [Fact]
    public async Task Detail_MasksThePhoneForTheProxy_AndGivesOnlyTheMerchantAuthority()
    {
        var world = await RoomScenario.OpenAsync();

        var merchant = await world.Detail.ExecuteAsync(world.MerchantAccount, RoomScenario.OrderSn, CancellationToken.None);
        var proxy = await world.Detail.ExecuteAsync(world.ProxyAccount, RoomScenario.OrderSn, CancellationToken.None);

        Assert.Equal((false, true), (merchant.Value.MaskPhone, merchant.Value.OperationAuthority));
        Assert.Equal((true, false), (proxy.Value.MaskPhone, proxy.Value.OperationAuthority));
        Assert.Equal(("周文平-代理店铺", "代理", "供货商"), (proxy.Value.Shops.Merchant?.Name, proxy.Value.Shops.Proxy?.Name, proxy.Value.Shops.TopProxy?.Name));
    }

    [Fact]
    public async Task Detail_OfARoomWithoutADispute_IsDisputeNotFound()
    {
        var world = await RoomScenario.OpenAsync();
        await world.Platform.UpsertOrderAsync(new Order("quiet-order", RoomScenario.Merchant, null, null, null, null, null, "1.00", null, [], null, null,
            world.Time.GetUtcNow()), CancellationToken.None);
        var buyer = world.Buyer with { Room = "quiet-order", Actor = new DisputeActor.Buyer("quiet-order") };

        var detail = await world.Detail.ExecuteAsync(buyer, "quiet-order", CancellationToken.None);

        Assert.Equal(RoomErrors.DisputeNotFound, detail.Error?.Code);
    }
}
