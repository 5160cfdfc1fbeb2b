using System.Text.Json;
using Kfk.Core.Common;
using Kfk.Core.Likeshop;
using Kfk.Core.Support;

namespace Kfk.Core.Tests.Likeshop;

public sealed class LikeshopFramesTests
{
    // The received-message example of the seed (004), verbatim.
    private const string SeedChat = """
        {"event":"chat","data":{"shop_id":6,"from_id":4,"from_type":"user","to_id":2,"to_type":"kefu","msg":"你好啊","msg_type":1,
        "is_read":1,"create_time":"2021-12-15 14:23:54","update_time":1639549434,"id":"198",
        "from_avatar":"http://likeshopb2b2cchat.yixiangonline.com/uploads/user/avatar/e36c36040fc0a985bdaf31672a6afc93.jpeg",
        "from_nickname":"Jason","create_time_stamp":1639549434,"goods":[]}}
        """;

    [Fact]
    public void Chat_MatchesTheSeedFieldByField_TypesIncluded()
    {
        var message = new SupportMessage(198, 6, 4, Party.User, 4, Party.Kefu, 2, "你好啊", SupportMessageType.Text, null, "Jason",
            "http://likeshopb2b2cchat.yixiangonline.com/uploads/user/avatar/e36c36040fc0a985bdaf31672a6afc93.jpeg",
            DateTimeOffset.FromUnixTimeSeconds(1639549434), null);

        using var ours = JsonDocument.Parse(LikeshopFrames.Chat(message, PlatformTimeZone.ChinaStandardTime, isRead: true));
        using var seed = JsonDocument.Parse(SeedChat);

        Assert.Equal("chat", ours.RootElement.GetProperty("event").GetString());
        var data = ours.RootElement.GetProperty("data");
        foreach (var field in seed.RootElement.GetProperty("data").EnumerateObject())
        {
            Assert.True(data.TryGetProperty(field.Name, out var value), $"missing {field.Name}");
            Assert.Equal(field.Value.ValueKind, value.ValueKind);
            Assert.Equal(field.Value.GetRawText(), value.GetRawText());
        }
        Assert.Equal(198, data.GetProperty("seq").GetInt64());
    }

    [Fact]
    public void Chat_EscapesHtml_AndCarriesTheGoodsSnapshot()
    {
        var message = new SupportMessage(7, 105, 12, Party.Kefu, 3, Party.User, 12, "501", SupportMessageType.Goods,
            new GoodsSnapshot(501, "https://img.example/g.png", "19.90", "月卡<b>"), "客服", null, DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), "abc-1");
        var text = message with { Msg = "<script>alert(1)</script>", MsgType = SupportMessageType.Text, Goods = null };

        using var goodsFrame = JsonDocument.Parse(LikeshopFrames.Chat(message, PlatformTimeZone.ChinaStandardTime, false));
        using var textFrame = JsonDocument.Parse(LikeshopFrames.Chat(text, PlatformTimeZone.ChinaStandardTime, false));

        var goods = goodsFrame.RootElement.GetProperty("data").GetProperty("goods");
        Assert.Equal(501, goods.GetProperty("id").GetInt64());
        Assert.Equal("19.90", goods.GetProperty("min_price").GetString());
        Assert.Equal("abc-1", goodsFrame.RootElement.GetProperty("data").GetProperty("client_msg_id").GetString());
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt;", textFrame.RootElement.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(0, textFrame.RootElement.GetProperty("data").GetProperty("is_read").GetInt32());
    }

    [Fact]
    public void PingLoginAndError_HaveTheLegacyShapes()
    {
        Assert.Equal("""{"event":"ping","data":{"client_time":1639549434}}""", LikeshopFrames.Ping(DateTimeOffset.FromUnixTimeSeconds(1639549434)));
        Assert.Equal("""{"event":"login","data":{"msg":"连接成功","msg_type":1}}""", LikeshopFrames.Login());
        Assert.Equal("""{"event":"error","data":{"msg":"消息类型错误","msg_type":1}}""", LikeshopFrames.Error("消息类型错误"));
    }

    [Theory]
    [InlineData("""{"event":"chat","data":{"to_id":"7"}}""", 7L)]
    [InlineData("""{"event":"chat","data":{"to_id":7}}""", 7L)]
    [InlineData("""{"event":"chat","data":{"to_id":"7x"}}""", null)]
    [InlineData("""{"event":"chat","data":{"to_id":-7}}""", -7L)]
    public void Frame_AcceptsIdsAsStringsOrNumbers(string json, long? expected) =>
        Assert.Equal(expected, LikeshopFrame.Parse(System.Text.Encoding.UTF8.GetBytes(json))!.Id("to_id"));

    [Theory]
    [InlineData("ping")]
    [InlineData("{\"data\":{}}")]
    [InlineData("[1,2]")]
    [InlineData("{\"event\":5}")]
    public void Frame_NotTheLegacyShape_IsNull(string text) =>
        Assert.Null(LikeshopFrame.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
}
