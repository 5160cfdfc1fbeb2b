using System.Text.Json;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Support;

public sealed class TransferConversationTests
{
    [Fact]
    public async Task TheServingAgent_HandsTheUserToAnOnlineColleague_WhoIsToldAfterTheNoticeIsStored()
    {
        var world = new SupportScenario();
        var (wang, li) = (await world.KefuAsync("客服小王"), await world.KefuAsync("客服小李"));
        await world.BuyerWritesAsync(wang);
        await world.OnlineAsync(world.Buyer);
        await world.OnlineAsync(li);
        var beforeTransfer = world.SentTo("user:12").Count; // the buyer's own message reached its other devices

        var transferred = await world.Transfer.ExecuteAsync(wang, SupportScenario.UserId, li.Id, null, CancellationToken.None);

        Assert.True(transferred.IsSuccess);
        Assert.Equal((2L, SupportRecordType.Notice, "客服(客服小李)为您服务"), (transferred.Value.Message.Seq, transferred.Value.Message.RecordType, transferred.Value.Message.Msg));
        Assert.Equal(li.Id, await world.Support.AssigneeAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.NotNull(await world.Support.InboxEntryAsync(li.Id, SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Null(await world.Support.InboxEntryAsync(wang.Id, SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        var toUser = world.SentTo("user:12").Skip(beforeTransfer);
        Assert.Equal(["chat", "transfer"], toUser.Select(Event));
        var getSuccess = JsonDocument.Parse(Assert.Single(world.SentTo(li.RealtimeUserId))).RootElement.GetProperty("data");
        Assert.Equal(("get_success", 12, 1), (getSuccess.GetProperty("status").GetString(), getSuccess.GetProperty("user").GetProperty("user_id").GetInt64(),
            getSuccess.GetProperty("user").GetProperty("online").GetInt32()));
    }

    [Fact]
    public async Task OnlyTheServingAgent_Transfers()
    {
        var world = new SupportScenario();
        var (wang, li, zhao) = (await world.KefuAsync("客服小王"), await world.KefuAsync("客服小李"), await world.KefuAsync("客服小赵"));
        await world.BuyerWritesAsync(wang);
        await world.OnlineAsync(world.Buyer);
        await world.OnlineAsync(zhao);

        var byAnother = await world.Transfer.ExecuteAsync(li, SupportScenario.UserId, zhao.Id, null, CancellationToken.None);
        var toSelf = await world.Transfer.ExecuteAsync(wang, SupportScenario.UserId, wang.Id, null, CancellationToken.None);

        Assert.Equal(SupportErrors.TransferRefused, byAnother.Error?.Code);
        Assert.Equal(SupportErrors.TransferRefused, toSelf.Error?.Code);
        Assert.Equal(wang.Id, await world.Support.AssigneeAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Equal(1, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task ToAnAgentOfAnotherShop_OfAnOfflineUser_OrToAnOfflineAgent_IsRefused()
    {
        var world = new SupportScenario();
        var (wang, li, elsewhere) = (await world.KefuAsync("客服小王"), await world.KefuAsync("客服小李"), await world.KefuAsync("别家", shopId: 7));
        await world.BuyerWritesAsync(wang);

        var foreign = await world.Transfer.ExecuteAsync(wang, SupportScenario.UserId, elsewhere.Id, null, CancellationToken.None);
        var userOffline = await world.Transfer.ExecuteAsync(wang, SupportScenario.UserId, li.Id, null, CancellationToken.None);
        await world.OnlineAsync(world.Buyer);
        var agentOffline = await world.Transfer.ExecuteAsync(wang, SupportScenario.UserId, li.Id, null, CancellationToken.None);
        var unnamed = await world.Transfer.ExecuteAsync(wang, null, li.Id, null, CancellationToken.None);

        Assert.Equal(
            [SupportErrors.TransferTargetInvalid, SupportErrors.UserOffline, SupportErrors.AgentOffline, SupportErrors.ArgumentsInvalid],
            new[] { foreign, userOffline, agentOffline, unnamed }.Select(r => r.Error?.Code));
    }

    [Fact]
    public async Task ABuyer_CannotTransfer()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var transferred = await world.Transfer.ExecuteAsync(world.Buyer, SupportScenario.UserId, kefu.Id, null, CancellationToken.None);

        Assert.Equal(SupportErrors.TransferRefused, transferred.Error?.Code);
    }

    private static string Event(string frame) => JsonDocument.Parse(frame).RootElement.GetProperty("event").GetString()!;
}
