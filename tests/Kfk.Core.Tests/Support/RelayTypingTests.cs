using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class RelayTypingTests
{
    [Fact]
    public async Task Typing_IsRelayedAtMostOncePerIntervalPerChannel_AndNeverStored()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var first = await world.Typing.ExecuteAsync(world.Buyer, kefu.Id, Party.Kefu, "phone", CancellationToken.None);
        var soon = await world.Typing.ExecuteAsync(world.Buyer, kefu.Id, Party.Kefu, "phone", CancellationToken.None);
        var otherDevice = await world.Typing.ExecuteAsync(world.Buyer, kefu.Id, Party.Kefu, "laptop", CancellationToken.None);
        world.Time.Advance(RelayTyping.Interval);
        var later = await world.Typing.ExecuteAsync(world.Buyer, kefu.Id, Party.Kefu, "phone", CancellationToken.None);

        Assert.Equal([true, false, true, true], new[] { first, soon, otherDevice, later }.Select(r => r.Value));
        Assert.Equal(3, world.SentTo(kefu.RealtimeUserId).Count);
        Assert.Equal(0, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task Typing_ToTheWrongParty_OrByAnAgentToAStranger_IsRefused()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var wrongParty = await world.Typing.ExecuteAsync(world.Buyer, kefu.Id, Party.User, "phone", CancellationToken.None);
        var stranger = await world.Typing.ExecuteAsync(kefu, SupportScenario.UserId, Party.User, "desk", CancellationToken.None);

        Assert.Equal((SupportErrors.RecipientInvalid, SupportErrors.NotACustomer), (wrongParty.Error?.Code, stranger.Error?.Code));
        Assert.Empty(world.Recorded.Calls);
    }
}
