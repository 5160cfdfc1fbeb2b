using System.Text;
using System.Text.Json;
using Kfk.Core.Likeshop;
using Kfk.Core.Realtime;
using Kfk.Core.Support;
using Kfk.Core.Tests.Support;

namespace Kfk.Core.Tests.Likeshop;

/// <summary>The likeshop hub as wire format over the use cases and in-memory stores: no gateway, no sockets.</summary>
public sealed class LikeshopDialectTests
{
    [Fact]
    public async Task Chat_RepliesWithTheStoredRecord_AndTheBuyersConnectionRemembersItsAgent()
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");

        var reply = await HandleAsync(world, world.Buyer, $$$"""{"event":"chat","data":{"msg":"你好啊","msg_type":1,"to_id":"{{{kefu.Id}}}","to_type":"kefu"}}""");

        var data = JsonDocument.Parse(Text(reply)).RootElement.GetProperty("data");
        Assert.Equal(("1", "你好啊", "Jason"), (data.GetProperty("id").GetString(), data.GetProperty("msg").GetString(), data.GetProperty("from_nickname").GetString()));
        Assert.Equal(kefu.Id, LikeshopConnectionState.ServingKefu(reply.State!));
    }

    public static TheoryData<string, string, string> Refusals => new()
    {
        { Party.User, "not json", "消息格式错误" },
        { Party.User, """{"event":"dance","data":{}}""", "不支持的事件" },
        { Party.User, """{"event":"transfer","data":{"user_id":12,"kefu_id":1}}""", "不支持的事件" },
        { Party.Kefu, """{"event":"user_online","data":{"kefu_id":1}}""", "不支持的事件" },
        { Party.User, """{"event":"chat","data":{"msg":"x","msg_type":9,"to_id":1,"to_type":"kefu"}}""", "消息类型错误" },
        { Party.User, """{"event":"chat","data":{"msg":" ","msg_type":1,"to_id":1,"to_type":"kefu"}}""", "消息内容不能为空" },
        { Party.User, """{"event":"chat","data":{"msg":"x","msg_type":1,"to_id":1,"to_type":"kefu","client_msg_id":"a b"}}""", "client_msg_id 格式错误" },
        { Party.User, """{"event":"chat","data":{"msg":"x","msg_type":1,"to_id":1,"to_type":"user"}}""", "接收人错误" },
        { Party.User, """{"event":"chat","data":{"msg":"x","msg_type":1,"to_id":99,"to_type":"kefu"}}""", "该客服不存在" },
        { Party.User, """{"event":"chat","data":{"msg":"x","msg_type":2,"to_id":1,"to_type":"kefu"}}""", "图片地址错误" },
        { Party.User, """{"event":"chat","data":{"msg":"7","msg_type":3,"to_id":1,"to_type":"kefu"}}""", "商品不存在" },
        { Party.Kefu, """{"event":"chat","data":{"msg":"您好","msg_type":1,"to_id":12,"to_type":"user"}}""", "该用户不是本店客户" },
        { Party.Kefu, """{"event":"read","data":{"user_id":12}}""", "该用户不是本店客户" },
        { Party.Kefu, """{"event":"read","data":{}}""", "参数错误" },
        { Party.Kefu, """{"event":"transfer","data":{"user_id":12}}""", "参数错误" },
        { Party.Kefu, """{"event":"transfer","data":{"user_id":12,"kefu_id":1}}""", "转接失败" },
        { Party.Kefu, """{"event":"sync","data":{}}""", "参数错误" },
        { Party.User, """{"event":"typing","data":{"to_id":1,"to_type":"user"}}""", "接收人错误" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_AreErrorFrames_WithTheLegacyChineseText(string role, string frame, string text)
    {
        var world = new SupportScenario();
        var kefu = await world.KefuAsync("客服小王");
        var me = role == Party.User ? world.Buyer : kefu;

        var reply = await HandleAsync(world, me, frame);

        Assert.Equal($$$"""{"event":"error","data":{"msg":"{{{text}}}","msg_type":1}}""", Text(reply));
        Assert.Equal(0, await world.Support.LastSeqAsync(SupportScenario.ShopId, SupportScenario.UserId, CancellationToken.None));
    }

    [Fact]
    public async Task NotServing_TooLong_AndAnOfflineShop_KeepTheirTexts()
    {
        var world = new SupportScenario();
        var (wang, li) = (await world.KefuAsync("客服小王"), await world.KefuAsync("客服小李"));
        await world.BuyerWritesAsync(wang);

        var notServing = await HandleAsync(world, li, """{"event":"read","data":{"user_id":12}}""");
        var tooLong = await HandleAsync(world, world.Buyer,
            $$$"""{"event":"chat","data":{"msg":"{{{new string('长', 2001)}}}","msg_type":1,"to_id":{{{wang.Id}}},"to_type":"kefu"}}""");

        Assert.Contains("该用户由其他客服接待", Text(notServing), StringComparison.Ordinal);
        Assert.Contains("消息内容不能超过2000个字符", Text(tooLong), StringComparison.Ordinal);
    }

    [Fact]
    public void ServerBusy_IsTheLegacyErrorFrame_WithTheBusyText()
    {
        var reply = new SupportScenario().Dialect.Refuse(FrameErrors.ServerBusy);

        Assert.Equal("""{"event":"error","data":{"msg":"服务繁忙，请稍后再试","msg_type":1}}""", Text(reply));
    }

    [Fact]
    public async Task AConnectionWithoutLogin_AndTheEleventhFrameOfASecond_AreRefused()
    {
        var world = new SupportScenario();
        var anonymous = new RealtimeConnection(HubNames.Likeshop, "c0", null, new Dictionary<string, string>());

        var noLogin = await world.Dialect.HandleAsync(anonymous, Event("""{"event":"ping"}"""), CancellationToken.None);
        var replies = new List<string>();
        for (var i = 0; i <= LikeshopDialect.MaxFramesPerSecond; i++)
        {
            replies.Add(Text(await HandleAsync(world, world.Buyer, """{"event":"ping"}""")));
        }

        Assert.Contains("请先登录", Text(noLogin), StringComparison.Ordinal);
        Assert.All(replies[..^1], r => Assert.StartsWith("""{"event":"ping""", r, StringComparison.Ordinal));
        Assert.Equal("""{"event":"error","data":{"msg":"发送过于频繁，请稍后再试","msg_type":1}}""", replies[^1]);
    }

    [Fact]
    public async Task AFrameOverTheSizeLimit_IsTooLarge()
    {
        var world = new SupportScenario();

        var reply = await HandleAsync(world, world.Buyer, new string(' ', FramePolicy.MaxFrameBytes + 1));

        Assert.Equal("""{"event":"error","data":{"msg":"消息过大","msg_type":1}}""", Text(reply));
    }

    private static Task<UserEventReply> HandleAsync(SupportScenario world, SupportActor me, string frame) =>
        world.Dialect.HandleAsync(new RealtimeConnection(HubNames.Likeshop, "c-" + me.RealtimeUserId, me.RealtimeUserId, LikeshopConnectionState.Of(me)),
            Event(frame), CancellationToken.None);

    private static UserEvent Event(string frame) => new("message", RealtimeDataType.Text, Encoding.UTF8.GetBytes(frame));

    private static string Text(UserEventReply reply) => Encoding.UTF8.GetString(reply.Body!.Value.Span);
}
