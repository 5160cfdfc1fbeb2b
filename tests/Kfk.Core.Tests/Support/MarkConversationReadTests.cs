using System.Text.Json;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class MarkConversationReadTests
{
    [Fact]
    public async Task TheServingAgent_MovesItsWatermark_AndTheBuyerLearnsHowFar()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        await world.BuyerWritesAsync(kefu, "在吗");
        await world.BuyerWritesAsync(kefu, "还在线");

        var read = await world.MarkRead.ExecuteAsync(kefu, SupportScenario.UserId, SupportScenario.ShopId, null, CancellationToken.None);

        Assert.Equal(2, read.Value);
        Assert.Equal(new ReadWatermarks(0, 2), await world.Support.ReadWatermarksAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.True((await world.Support.InboxEntryAsync(kefu.Id, SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None))!.ReadByKefu);
        var data = JsonDocument.Parse(world.SentTo("user:12").Last()).RootElement.GetProperty("data");
        Assert.Equal("2", data.GetProperty("read_to").GetString());
    }

    [Fact]
    public async Task AnAgentWhoDoesNotServeTheUser_IsRefusedWithNotServing()
    {
        var world = new SupportScenario();
        var (wang, li) = (await world.KefuAsync("客服小王"), await world.KefuAsync("客服小李"));
        await world.BuyerWritesAsync(wang);

        var read = await world.MarkRead.ExecuteAsync(li, SupportScenario.UserId, null, null, CancellationToken.None);

        Assert.Equal(SupportErrors.NotServing, read.Error?.Code);
        Assert.Equal(new ReadWatermarks(0, 0), await world.Support.ReadWatermarksAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task AnAgent_ReadingAStranger_OrInAnotherShop_IsRefused()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var stranger = await world.MarkRead.ExecuteAsync(kefu, SupportScenario.UserId, null, null, CancellationToken.None);
        var otherShop = await world.MarkRead.ExecuteAsync(kefu, SupportScenario.UserId, 7, null, CancellationToken.None);

        Assert.Equal(SupportErrors.NotACustomer, stranger.Error?.Code);
        Assert.Equal(SupportErrors.ArgumentsInvalid, otherShop.Error?.Code);
    }

    [Fact]
    public async Task ABuyer_MarksItsConversationRead_AndTheAgentLearnsIt()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        await world.BuyerWritesAsync(kefu);
        Assert.True((await world.Send.ExecuteAsync(kefu, SupportScenario.Text("您好", SupportScenario.UserId, Party.User), null, null, CancellationToken.None)).IsSuccess);

        var read = await world.MarkRead.ExecuteAsync(world.Buyer, null, null, kefu.Id, CancellationToken.None);
        var unknownAgent = await world.MarkRead.ExecuteAsync(world.Buyer, null, null, 999, CancellationToken.None);

        Assert.Equal(2, read.Value);
        Assert.Equal(SupportErrors.AgentNotFound, unknownAgent.Error?.Code);
        Assert.Equal(new ReadWatermarks(2, 0), await world.Support.ReadWatermarksAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Contains(world.SentTo(kefu.RealtimeUserId), frame => frame.StartsWith("""{"event":"read""", StringComparison.Ordinal));
    }
}
