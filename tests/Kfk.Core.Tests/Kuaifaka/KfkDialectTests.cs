using System.Text;
using System.Text.Json;
using Kfk.Core.Identity;
using Kfk.Core.Kuaifaka;
using Kfk.Core.Realtime;
using Kfk.Core.Tests.Disputes;

namespace Kfk.Core.Tests.Kuaifaka;

/// <summary>The kfk hub as wire format over the dispute room use cases and in-memory stores: no gateway, no sockets.</summary>
public sealed class KfkDialectTests
{
    [Fact]
    public async Task ServerBusy_IsAnErrorFrame_WithTheBusyText()
    {
        var world = await RoomScenario.OpenAsync();

        var reply = world.Dialect.Refuse(FrameErrors.ServerBusy);

        var frame = JsonDocument.Parse(Encoding.UTF8.GetString(reply.Body!.Value.Span)).RootElement;
        Assert.Equal("error", frame.GetProperty("msg").GetString());
        Assert.Equal("服务繁忙，请稍后再试", frame.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Say_BeforeLoggingIntoTheRoom_IsNoLogin_AndStoresNothing()
    {
        var world = await RoomScenario.OpenAsync();

        var reply = await HandleAsync(world, null, """{"type":"say","data":{"content":"在吗","type":"text"}}""");

        Assert.Equal("no_login", Json(reply).GetProperty("msg").GetString());
        Assert.Equal(1, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
    }

    [Fact]
    public async Task Login_ThenSay_IsStoredAndDelivered_FromTheSeatTheLoginGot()
    {
        var world = await RoomScenario.OpenAsync();
        var token = await world.TokenAsync(new Principal(PrincipalKind.Shop, ShopId: RoomScenario.Proxy));

        var login = await HandleAsync(world, null, $$$"""{"type":"login","token":"{{{token}}}","data":{"type":"account","room":"{{{RoomScenario.OrderSn}}}"}}""");
        var said = await HandleAsync(world, login.State, """{"type":"say","data":{"content":"马上处理","type":"text"}}""");

        Assert.Equal(("login_success", RoomScenario.Proxy), (Json(login).GetProperty("msg").GetString(), Json(login).GetProperty("data").GetProperty("content").GetInt64()));
        Assert.Equal(KfkRole.ProxyAccount, KfkLogin.From(login.State!)!.Role);
        Assert.Null(said.Body);
        Assert.Contains($"join kfk room:{RoomScenario.OrderSn} c1", world.Recorded.Calls);
        var delivered = JsonDocument.Parse(world.SentTo("room:" + RoomScenario.OrderSn).Last()).RootElement;
        Assert.Equal(("account", 2L), (delivered.GetProperty("from").GetString(), delivered.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task ALoginWithAForeignToken_IsTokenInvalid()
    {
        var world = await RoomScenario.OpenAsync();
        var token = await world.TokenAsync(new Principal(PrincipalKind.Shop, ShopId: RoomScenario.Stranger));

        var reply = await HandleAsync(world, null, $$$"""{"type":"login","token":"{{{token}}}","data":{"type":"account","room":"{{{RoomScenario.OrderSn}}}"}}""");

        Assert.Equal(("token_invalid", "验证失败"), (Json(reply).GetProperty("msg").GetString(), Json(reply).GetProperty("data").GetProperty("content").GetString()));
        Assert.Null(reply.State);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "not json at all", "参数错误" },
        { """{"type":"login","data":{"type":"user","room":"a b"}}""", "参数错误" },
        { """{"type":"say","data":{"content":"x","type":"video"}}""", "消息类型错误" },
        { """{"type":"say","data":{"content":" ","type":"text"}}""", "消息内容不能为空" },
        { """{"type":"say","data":{"content":"https://elsewhere.example/a.png","type":"image"}}""", "图片地址错误" },
        { """{"type":"msg_list"}""", "参数错误" },
        { """{"type":"msg_list","order_num":"kfk1906283139aaf3","page":0}""", "参数错误" },
        { """{"type":"report_detail","order_num":"elsewhere"}""", "无权查看该投诉" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_AreErrorFrames_WithTheLegacyChineseText(string frame, string text)
    {
        var world = await RoomScenario.OpenAsync();

        var reply = await HandleAsync(world, BuyerLogin(), frame);

        Assert.Equal(("error", text), (Json(reply).GetProperty("msg").GetString(), Json(reply).GetProperty("data").GetProperty("content").GetString()));
        Assert.Equal(1, await world.Rooms.LastSeqAsync(RoomScenario.OrderSn, CancellationToken.None));
    }

    [Fact]
    public async Task PingsAndUnknownTypes_ArePong_AndTheSixthFrameOfASecondIsTooFast()
    {
        var world = await RoomScenario.OpenAsync();

        var bare = await HandleAsync(world, null, " ping ");
        var heartbeats = new List<string>();
        for (var i = 0; i <= KfkDialect.MaxFramesPerSecond; i++)
        {
            heartbeats.Add(Encoding.UTF8.GetString((await HandleAsync(world, null, """{"type":"heartbeat"}""")).Body!.Value.Span));
        }

        Assert.Equal("pong", Encoding.UTF8.GetString(bare.Body!.Value.Span));
        Assert.All(heartbeats[..^1], h => Assert.Equal("pong", h));
        Assert.Contains("您的发送频率太快了", heartbeats[^1], StringComparison.Ordinal);
    }

    private static Dictionary<string, string> BuyerLogin() =>
        new KfkLogin(RoomScenario.OrderSn, KfkRole.User, "1", RealtimeUserIds.Order(RoomScenario.OrderSn), null, "").ToState();

    private static Task<UserEventReply> HandleAsync(RoomScenario world, IReadOnlyDictionary<string, string>? state, string frame) =>
        world.Dialect.HandleAsync(new RealtimeConnection(HubNames.Kfk, "c1", null, state ?? new Dictionary<string, string>()),
            new UserEvent("message", RealtimeDataType.Text, Encoding.UTF8.GetBytes(frame)), CancellationToken.None);

    private static JsonElement Json(UserEventReply reply) => JsonDocument.Parse(reply.Body!.Value).RootElement;
}
