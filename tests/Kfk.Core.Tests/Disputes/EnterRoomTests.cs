using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Tests.Disputes;

public sealed class EnterRoomTests
{
    [Fact]
    public async Task ABuyerToken_EntersOnlyItsOwnOrdersRoom()
    {
        var world = await RoomScenario.OpenAsync();
        await world.Platform.UpsertOrderAsync(new Order("other-order", RoomScenario.Merchant, null, null, null, null, null, "1.00", null, [], null, null,
            world.Time.GetUtcNow()), CancellationToken.None);
        var token = await world.TokenAsync(new Principal(PrincipalKind.BuyerOrder, OrderSn: RoomScenario.OrderSn));

        var own = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, token, RoomSeat.Buyer, CancellationToken.None);
        var other = await world.Enter.ExecuteAsync("other-order", token, RoomSeat.Buyer, CancellationToken.None);
        var asShop = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, token, RoomSeat.Shop, CancellationToken.None);

        Assert.Equal(world.Buyer, own.Value);
        Assert.Equal((RoomErrors.EntryRefused, RoomErrors.EntryRefused), (other.Error?.Code, asShop.Error?.Code));
    }

    [Fact]
    public async Task AShopEntersAsItsPlaceInTheChain_AShopOutsideItIsRefused()
    {
        var world = await RoomScenario.OpenAsync();

        var proxy = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, await world.TokenAsync(new Principal(PrincipalKind.Shop, ShopId: RoomScenario.Proxy)),
            RoomSeat.Shop, CancellationToken.None);
        var stranger = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, await world.TokenAsync(new Principal(PrincipalKind.Shop, ShopId: RoomScenario.Stranger)),
            RoomSeat.Shop, CancellationToken.None);

        Assert.Equal(world.ProxyAccount, proxy.Value);
        Assert.Equal(RoomSender.Merchant, proxy.Value.Sender);
        Assert.Equal(RoomErrors.EntryRefused, stranger.Error?.Code);
    }

    [Fact]
    public async Task PlatformStaff_EnterAnyExistingOrdersRoom()
    {
        var world = await RoomScenario.OpenAsync();
        var staff = await world.StaffAsync();
        var token = await world.TokenAsync(new Principal(PrincipalKind.Admin, KefuId: staff.Id));

        var entered = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, token, RoomSeat.Staff, CancellationToken.None);
        var missing = await world.Enter.ExecuteAsync("no-such-order", token, RoomSeat.Staff, CancellationToken.None);

        Assert.Equal((true, RoomSender.Staff), (entered.Value.IsStaff, entered.Value.Sender));
        Assert.Equal(RoomErrors.EntryRefused, missing.Error?.Code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no spaces")]
    [InlineData("x/../y")]
    public async Task ARoomThatIsNotAnOrderNumber_IsRoomInvalid(string? room)
    {
        var world = await RoomScenario.OpenAsync();

        var entered = await world.Enter.ExecuteAsync(room, "kfk_whatever", RoomSeat.Buyer, CancellationToken.None);

        Assert.Equal(RoomErrors.RoomInvalid, entered.Error?.Code);
    }

    [Fact]
    public async Task NoToken_OrNoSeat_IsRefused()
    {
        var world = await RoomScenario.OpenAsync();
        var token = await world.TokenAsync(new Principal(PrincipalKind.BuyerOrder, OrderSn: RoomScenario.OrderSn));

        var noToken = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, null, RoomSeat.Buyer, CancellationToken.None);
        var noSeat = await world.Enter.ExecuteAsync(RoomScenario.OrderSn, token, null, CancellationToken.None);

        Assert.Equal((RoomErrors.EntryRefused, RoomErrors.EntryRefused), (noToken.Error?.Code, noSeat.Error?.Code));
    }
}
