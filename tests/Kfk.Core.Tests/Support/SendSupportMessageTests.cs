using System.Text.Json;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Core.Support;
using Kfk.Testing;
using Kfk.Testing.InMemory;

namespace Kfk.Core.Tests.Support;

public sealed class SendSupportMessageTests
{
    [Fact]
    public async Task BuyerToAgent_IsStoredThenDelivered_ToTheAgentAndTheBuyersOtherDevices()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var sent = await world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好啊", kefu.Id, Party.Kefu), null, "buyer-phone", CancellationToken.None);

        Assert.True(sent.IsSuccess);
        Assert.Equal((1L, false, kefu.Id), (sent.Value.Message.Seq, sent.Value.Duplicate, sent.Value.KefuId));
        var stored = Assert.Single(await world.Support.ReadRangeAsync(SupportScenario.ShopId, SupportScenario.UserId, 1, 1, CancellationToken.None));
        Assert.Equal(("你好啊", 6), (stored.Msg, stored.FromClient));
        // The frames carry the seq the store gave: delivery comes after storing.
        foreach (var target in new[] { kefu.RealtimeUserId, "user:12" })
        {
            var data = JsonDocument.Parse(Assert.Single(world.SentTo(target))).RootElement.GetProperty("data");
            Assert.Equal((1, "1", "你好啊"), (data.GetProperty("seq").GetInt64(), data.GetProperty("id").GetString(), data.GetProperty("msg").GetString()));
        }
        Assert.Single(world.Recorded.Calls); // the agent and the buyer's other devices in one delivery call
    }

    [Fact]
    public async Task AResendAfterDeliveryFailed_DeliversTheStoredRecord_AndAResendAfterSuccessDeliversNothing()
    {
        var recovered = new InMemoryRealtimeHub();
        var world = new SupportScenario(new FailingRealtimeHub(failures: 1, recovered));
        var kefu = await world.KefuAsync("客服小王");
        var request = SupportScenario.Text("你好啊", kefu.Id, Party.Kefu, clientMsgId: "m-1");

        await Assert.ThrowsAsync<HttpRequestException>(() => world.Send.ExecuteAsync(world.Buyer, request, "e.1", null, CancellationToken.None));
        var resent = await world.Send.ExecuteAsync(world.Buyer, request, "e.2", null, CancellationToken.None);
        var again = await world.Send.ExecuteAsync(world.Buyer, request, "e.3", null, CancellationToken.None);

        Assert.Equal((true, 1L), (resent.Value.Duplicate, resent.Value.Message.Seq));
        Assert.True(again.Value.Duplicate);
        Assert.Equal(1, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Single(recovered.Calls); // delivered by the first resend, not again by the second
    }

    [Fact]
    public async Task WhenDeliveryFails_TheMessageIsAlreadyStored()
    {
        var failing = new FailingRealtimeHub();
        var world = new SupportScenario(failing);
        var kefu = await world.KefuAsync("客服小王");

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好啊", kefu.Id, Party.Kefu), null, null, CancellationToken.None));

        Assert.True(failing.Attempts > 0);
        Assert.Equal(1, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task AnAgentWritingToANonCustomer_IsRefusedWithNotACustomer_AndNothingIsStoredOrSent()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var sent = await world.Send.ExecuteAsync(kefu, SupportScenario.Text("您好", SupportScenario.UserId, Party.User), null, null, CancellationToken.None);

        Assert.Equal(SupportErrors.NotACustomer, sent.Error?.Code);
        Assert.Equal(0, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Empty(world.Recorded.Calls);
    }

    [Fact]
    public async Task AnAgentMayGreetABuyerWhoCameOnlineToIt()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        Assert.True((await world.Presence.ComeOnlineAsync(world.Buyer, kefu.Id, CancellationToken.None)).IsSuccess);

        var sent = await world.Send.ExecuteAsync(kefu, SupportScenario.Text("您好", SupportScenario.UserId, Party.User), null, null, CancellationToken.None);

        Assert.True(sent.IsSuccess);
        Assert.Equal(Party.Kefu, sent.Value.Message.FromType);
        Assert.Single(world.SentTo("user:12"));
    }

    [Fact]
    public async Task AResendWithTheSameClientMsgId_ReturnsTheStoredRecord_AndDeliversOnce()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        var request = SupportScenario.Text("你好啊", kefu.Id, Party.Kefu, clientMsgId: "m-1");

        var first = await world.Send.ExecuteAsync(world.Buyer, request, null, null, CancellationToken.None);
        var again = await world.Send.ExecuteAsync(world.Buyer, request, null, null, CancellationToken.None);

        Assert.Equal((false, true), (first.Value.Duplicate, again.Value.Duplicate));
        Assert.Equal(first.Value.Message, again.Value.Message);
        Assert.Single(world.SentTo(kefu.RealtimeUserId));
    }

    [Fact]
    public async Task ARetriedUpstreamEvent_StoresAndDeliversOnce()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        await world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好啊", kefu.Id, Party.Kefu), "e.same-event", null, CancellationToken.None);
        var retried = await world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好啊", kefu.Id, Party.Kefu), "e.same-event", null, CancellationToken.None);

        Assert.True(retried.Value.Duplicate);
        Assert.Equal(1, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
        Assert.Single(world.SentTo(kefu.RealtimeUserId));
    }

    [Theory]
    [InlineData("请添加微信 kfk-wx", "请添加微信 kfk-wx")]
    [InlineData(null, null)]
    public async Task AShopWithItsOnlineServiceOff_RefusesWithShopOffline_CarryingItsOwnMessage(string? offlineMessage, string? expected)
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        await world.Platform.UpsertShopAsync(new Shop(SupportScenario.ShopId, "数码店", null, false, null, offlineMessage, world.Time.GetUtcNow()), CancellationToken.None);

        var sent = await world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好啊", kefu.Id, Party.Kefu), null, null, CancellationToken.None);

        Assert.Equal(SupportErrors.ShopOffline, sent.Error?.Code);
        Assert.Equal(expected, SupportErrors.OwnOfflineMessage(sent.Error!));
    }

    public static TheoryData<long?, string?, string?, string?, string> BadMessages => new()
    {
        { 4, "你好", Party.Kefu, null, MessageErrors.TypeInvalid },
        { null, "你好", Party.Kefu, null, MessageErrors.TypeInvalid },
        { 1, "  ", Party.Kefu, null, MessageErrors.Empty },
        { 1, "你好", Party.Kefu, "not a valid id!", SupportErrors.ClientMsgIdInvalid },
        { 1, "你好", Party.User, null, SupportErrors.RecipientInvalid },
        { 1, new string('长', SendSupportMessage.MaxTextLength + 1), Party.Kefu, null, MessageErrors.TooLong },
        { 2, "https://elsewhere.example/a.png", Party.Kefu, null, MessageErrors.ImageInvalid },
        { 3, "999", Party.Kefu, null, SupportErrors.GoodsNotFound },
        { 3, "月卡", Party.Kefu, null, SupportErrors.GoodsNotFound },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task BadMessages_AreRefusedWithTheirCodes_AndNothingIsStored(long? msgType, string? msg, string? toType, string? clientMsgId, string code)
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var sent = await world.Send.ExecuteAsync(world.Buyer, new SendMessageRequest(msgType, msg, kefu.Id, toType, clientMsgId), null, null, CancellationToken.None);

        Assert.Equal(code, sent.Error?.Code);
        Assert.Equal(0, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task ADisabledAgent_OrOneOfAnotherShop_IsAgentNotFound()
    {
        var world = new SupportScenario();
        var disabled = await world.KefuAsync("离线客服", disabled: true);
        var elsewhere = await world.KefuAsync("别家", shopId: 7);

        foreach (var kefu in new[] { disabled, elsewhere })
        {
            var sent = await world.Send.ExecuteAsync(world.Buyer, SupportScenario.Text("你好", kefu.Id, Party.Kefu), null, null, CancellationToken.None);
            Assert.Equal(SupportErrors.AgentNotFound, sent.Error?.Code);
        }
    }

    [Fact]
    public async Task AGoodsMessage_StoresTheSnapshotAsJsonText_AndAStoredImageIsAccepted()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        await world.Platform.UpsertGoodsAsync(new Goods(88, SupportScenario.ShopId, "月卡 <b>&", "https://img.example/g.png", "19.90", world.Time.GetUtcNow()), CancellationToken.None);
        var image = world.Media.Store("https://kfk.example/media/" + new string('a', 64));

        var goods = await world.Send.ExecuteAsync(world.Buyer, new SendMessageRequest(SupportMessageType.Goods, "88", kefu.Id, Party.Kefu, null), null, null, CancellationToken.None);
        var picture = await world.Send.ExecuteAsync(world.Buyer, new SendMessageRequest(SupportMessageType.Image, image, kefu.Id, Party.Kefu, null), null, null, CancellationToken.None);

        Assert.Equal(new GoodsSnapshot(88, "https://img.example/g.png", "19.90", "月卡 <b>&"), goods.Value.Message.Goods);
        Assert.Equal("""{"id":88,"image":"https://img.example/g.png","min_price":"19.90","name":"\u6708\u5361 \u003Cb\u003E\u0026"}""", goods.Value.Message.Msg);
        Assert.Equal(image, picture.Value.Message.Msg);
    }
}
