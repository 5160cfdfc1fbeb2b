using System.Text.Json;
using Kfk.Core.Common;
using Kfk.Core.Disputes;
using Kfk.Testing.InMemory;

namespace Kfk.Core.Tests.Disputes;

public sealed class SayInRoomTests
{
    [Fact]
    public async Task Say_IsStoredThenDeliveredToTheRoom_FromTheStoredSender()
    {
        var world = await RoomScenario.OpenAsync();

        var said = await world.Say.ExecuteAsync(world.Buyer, "text", "没收到<卡密>", null, null, "buyer-phone", CancellationToken.None);

        Assert.Equal((2L, RoomSender.Buyer, "order:" + RoomScenario.OrderSn), (said.Value.Message.Seq, said.Value.Message.Type, said.Value.Message.SenderId));
        var frame = JsonDocument.Parse(world.SentTo("room:" + RoomScenario.OrderSn).Last()).RootElement;
        Assert.Equal((2, "user", "没收到&lt;卡密&gt;"), (frame.GetProperty("seq").GetInt64(), frame.GetProperty("from").GetString(),
            frame.GetProperty("data").GetProperty("content").GetString()));
    }

    [Fact]
    public async Task WhenDeliveryFails_TheMessageIsAlreadyStored()
    {
        var world = await RoomScenario.OpenAsync();
        var failing = new FailingRealtimeHub();

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            world.SayThrough(failing).ExecuteAsync(world.MerchantAccount, "text", "马上处理", null, null, null, CancellationToken.None));

        Assert.Equal(2, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
    }

    [Fact]
    public async Task ARetriedUpstreamEvent_StoresAndDeliversOnce()
    {
        var world = await RoomScenario.OpenAsync();

        await world.Say.ExecuteAsync(world.Buyer, "text", "在吗", null, "e.same", null, CancellationToken.None);
        var retried = await world.Say.ExecuteAsync(world.Buyer, "text", "在吗", null, "e.same", null, CancellationToken.None);

        Assert.True(retried.Value.Duplicate);
        Assert.Equal(2, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
        Assert.Equal(2, world.SentTo("room:" + RoomScenario.OrderSn).Count); // the opening message and this one
    }

    [Fact]
    public async Task AResendWithTheSameClientMsgId_StoresOnce_AndAnotherSpeakersSameIdIsTheirOwn()
    {
        var world = await RoomScenario.OpenAsync();

        var first = await world.Say.ExecuteAsync(world.Buyer, "text", "在吗", "c-1", "e.1", null, CancellationToken.None);
        var resent = await world.Say.ExecuteAsync(world.Buyer, "text", "在吗", "c-1", "e.2", null, CancellationToken.None);
        var merchants = await world.Say.ExecuteAsync(world.MerchantAccount, "text", "在的", "c-1", "e.3", null, CancellationToken.None);
        var invalid = await world.Say.ExecuteAsync(world.Buyer, "text", "在吗", "bad id!", "e.4", null, CancellationToken.None);

        Assert.Equal((false, true), (first.Value.Duplicate, resent.Value.Duplicate));
        Assert.Equal(first.Value.Message.Seq, resent.Value.Message.Seq);
        Assert.False(merchants.Value.Duplicate);
        Assert.Equal(RoomErrors.ClientMsgIdInvalid, invalid.Error?.Code);
        Assert.Equal(3, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None)); // the opening message and two
    }

    [Fact]
    public async Task AResendAfterDeliveryFailed_DeliversTheStoredMessage_WithoutStoringItAgain()
    {
        var world = await RoomScenario.OpenAsync();
        var failingSay = world.SayThrough(new FailingRealtimeHub());
        var working = world.SayThrough(world.Recorded);
        var deliveredBefore = world.SentTo("room:" + RoomScenario.OrderSn).Count;

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            failingSay.ExecuteAsync(world.Buyer, "text", "在吗", "c-9", "e.1", null, CancellationToken.None));
        var resent = await working.ExecuteAsync(world.Buyer, "text", "在吗", "c-9", "e.2", null, CancellationToken.None);

        Assert.True(resent.Value.Duplicate);
        Assert.Equal(2, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
        Assert.Equal(deliveredBefore + 1, world.SentTo("room:" + RoomScenario.OrderSn).Count);
    }

    [Fact]
    public async Task TheMerchantsSafetyWords_EarnTheBuyersATip_AndProfanityTheRoomANotice()
    {
        var world = await RoomScenario.OpenAsync();

        await world.Say.ExecuteAsync(world.MerchantAccount, "text", "明天再给你发", null, null, null, CancellationToken.None);
        await world.Say.ExecuteAsync(world.Buyer, "text", "你个傻逼", null, null, null, CancellationToken.None);

        var tip = JsonDocument.Parse(Assert.Single(world.SentTo("room-buyer:" + RoomScenario.OrderSn))).RootElement;
        Assert.Equal(world.Options.SafetyTip, tip.GetProperty("data").GetProperty("content").GetString());
        var civility = JsonDocument.Parse(world.SentTo("room:" + RoomScenario.OrderSn).Last()).RootElement;
        Assert.Equal(("sys", world.Options.CivilityNotice), (civility.GetProperty("from").GetString(), civility.GetProperty("data").GetProperty("content").GetString()));
        Assert.Equal(3, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None)); // notices are not stored
    }

    [Theory]
    [InlineData("video", "x", MessageErrors.TypeInvalid)]
    [InlineData(null, "x", MessageErrors.TypeInvalid)]
    [InlineData("text", " ", MessageErrors.Empty)]
    [InlineData("text", null, MessageErrors.Empty)]
    [InlineData("image", "https://elsewhere.example/a.png", MessageErrors.ImageInvalid)]
    public async Task BadMessages_AreRefusedWithTheirCodes_AndNothingIsStored(string? type, string? content, string code)
    {
        var world = await RoomScenario.OpenAsync();

        var said = await world.Say.ExecuteAsync(world.Buyer, type, content, null, null, null, CancellationToken.None);

        Assert.Equal(code, said.Error?.Code);
        Assert.Equal(1, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
    }

    [Fact]
    public async Task TextOverTheLimit_IsTooLong_AStoredImageIsAccepted()
    {
        var world = await RoomScenario.OpenAsync();
        var image = world.Media.Store("https://kfk.example/media/" + new string('b', 64));

        var tooLong = await world.Say.ExecuteAsync(world.Buyer, "text", new string('长', SayInRoom.MaxTextLength + 1), null, null, null, CancellationToken.None);
        var picture = await world.Say.ExecuteAsync(world.Buyer, "image", image, null, null, null, CancellationToken.None);

        Assert.Equal(MessageErrors.TooLong, tooLong.Error?.Code);
        Assert.Equal(("image", image), (picture.Value.Message.ContentType, picture.Value.Message.Content));
    }
}
