using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Kfk.Core.Disputes;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kfk.Functions.Tests.Kuaifaka.KfkWire;

namespace Kfk.Functions.Tests.Kuaifaka;

/// <summary>Legacy kfk frames over real WebSockets through the local gateway to the app and Azurite.</summary>
public sealed class KfkHubTests : IAsyncLifetime
{
    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;
    private KfkScenario _s = null!;

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["kfk"]);
        _http = _stack.PlatformClient();
        _s = await KfkScenario.CreateAsync(_http);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task BarePing_IsAnsweredPong_AndSoIsAJsonFrameOfUnknownType()
    {
        using var client = await ConnectAsync();

        await SendTextAsync(client, "ping");
        var pong = await ReceiveTextAsync(client);
        await SendAsync(client, new { type = "whatever" });
        var unknown = await ReceiveTextAsync(client);

        Assert.Equal("pong", pong);
        Assert.Equal("pong", unknown);
    }

    [Fact]
    public async Task Login_OfEachRole_AnswersExactlyTheLegacyFrame()
    {
        using var buyer = await ConnectAsync();
        using var merchant = await ConnectAsync();
        using var proxy = await ConnectAsync();
        using var top = await ConnectAsync();
        using var staff = await ConnectAsync();

        var buyerReply = await LoginAsync(buyer, _s.BuyerToken, "user", _s.OrderSn);
        var merchantReply = await LoginAsync(merchant, _s.MerchantToken, "account", _s.OrderSn);
        var proxyReply = await LoginAsync(proxy, _s.ProxyToken, "proxy_account", _s.OrderSn);
        var topReply = await LoginAsync(top, _s.TopProxyToken, "top_proxy_account", _s.OrderSn);
        var staffReply = await LoginAsync(staff, _s.StaffToken, "admin", _s.OrderSn);

        Assert.Equal("""{"msg":"login_success","from":"sys","data":{"content":"登陆成功","type":"text"}}""", buyerReply.GetRawText());
        Assert.Equal("""{"msg":"login_success","from":"sys","data":{"content":""" + _s.MerchantId + ""","type":"text"}}""", merchantReply.GetRawText());
        Assert.Equal(JsonValueKind.Number, merchantReply.GetProperty("data").GetProperty("content").ValueKind);
        Assert.Equal(_s.ProxyId, proxyReply.GetProperty("data").GetProperty("content").GetInt64());
        Assert.Equal(_s.TopProxyId, topReply.GetProperty("data").GetProperty("content").GetInt64());
        Assert.Equal("登陆成功", staffReply.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Login_WithAWrongTokenRoleOrRoom_IsTokenInvalid_AndAMissingRoomIsAnError()
    {
        var other = await KfkScenario.CreateAsync(_http);

        var cases = new (string Token, string Type, string Room)[]
        {
            ("kfk_forged", "user", _s.OrderSn),
            (_s.BuyerToken, "user", other.OrderSn),
            (_s.BuyerToken, "account", _s.OrderSn),
            (_s.MerchantToken, "user", _s.OrderSn),
            (_s.OutsiderToken, "account", _s.OrderSn),
            (_s.MerchantToken, "account", other.OrderSn),
            (_s.MerchantToken, "admin", _s.OrderSn),
            (_s.StaffToken, "admin", "kfk-no-such-order"),
        };
        foreach (var (token, type, room) in cases)
        {
            using var attempt = await ConnectAsync(); // a connection each: the frames would exceed the rate limit
            var reply = await LoginAsync(attempt, token, type, room);
            Assert.Equal("token_invalid", reply.GetProperty("msg").GetString());
            Assert.Equal("sys", reply.GetProperty("from").GetString());
            Assert.Equal(JsonValueKind.Number, reply.GetProperty("time").ValueKind);
            Assert.Equal("""{"content":"验证失败","type":"text"}""", reply.GetProperty("data").GetRawText());
        }
        using var client = await ConnectAsync();
        var missing = await LoginAsync(client, _s.BuyerToken, "user", "");
        Assert.Equal("error", missing.GetProperty("msg").GetString());
        Assert.Equal("参数错误", missing.GetProperty("data").GetProperty("content").GetString());
        await SendAsync(client, new { type = "say", token = _s.BuyerToken, data = new { content = "hi", type = "text" } });
        var noLogin = await ReceiveJsonAsync(client);
        Assert.Equal("no_login", noLogin.GetProperty("msg").GetString());
        Assert.Equal("请先登录", noLogin.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Say_IsStoredThenDeliveredToEveryoneElse_WithTheRoleOfTheLogin_Escaped()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");
        using var proxy = await LoggedInAsync(_s.ProxyToken, "proxy_account");
        using var staff = await LoggedInAsync(_s.StaffToken, "admin");

        await SendAsync(buyer, new { type = "say", token = _s.BuyerToken, from = "admin", data = new { content = "<b>\"没收到\"</b> & '急'", type = "text" } });
        var atMerchant = await ReceiveJsonAsync(merchant);
        var atProxy = await ReceiveJsonAsync(proxy);
        var atStaff = await ReceiveJsonAsync(staff);
        await AssertNothingPendingAsync(buyer);
        await SendAsync(merchant, new { type = "say", data = new { content = "马上处理", type = "text" } });
        var atBuyer = await ReceiveJsonAsync(buyer);
        await ReceiveJsonAsync(staff);

        Assert.Equal("success", atMerchant.GetProperty("msg").GetString());
        Assert.Equal("user", atMerchant.GetProperty("from").GetString());
        Assert.Equal(JsonValueKind.Number, atMerchant.GetProperty("time").ValueKind);
        Assert.Equal("""{"content":"&lt;b&gt;&quot;没收到&quot;&lt;/b&gt; &amp; &#039;急&#039;","type":"text"}""", atMerchant.GetProperty("data").GetRawText());
        Assert.Equal(atMerchant.GetRawText(), atProxy.GetRawText());
        Assert.Equal(atMerchant.GetRawText(), atStaff.GetRawText());
        Assert.Equal("account", atBuyer.GetProperty("from").GetString());
        var history = await MessageListAsync(staff, _s.OrderSn, 1);
        var newest = history.GetProperty("data")[0];
        Assert.Equal("2", newest.GetProperty("type").GetString());
        Assert.Equal("1", history.GetProperty("data")[1].GetProperty("type").GetString());
        Assert.Equal("<b>\"没收到\"</b> & '急'", (await StoredAsync())[^2].Content);
    }

    [Fact]
    public async Task ReportDetail_MatchesTheSeedsNewShape_FieldByFieldWithTypes()
    {
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");
        using var proxy = await LoggedInAsync(_s.ProxyToken, "proxy_account");

        await SendAsync(merchant, new { type = "report_detail", order_num = _s.OrderSn, account_id = _s.MerchantId });
        var detail = await ReceiveJsonAsync(merchant);
        await SendAsync(proxy, new { type = "report_detail", order_num = _s.OrderSn, account_id = _s.ProxyId });
        var proxyDetail = await ReceiveJsonAsync(proxy);

        Assert.Equal("success", detail.GetProperty("msg").GetString());
        Assert.Equal("sys", detail.GetProperty("from").GetString());
        Assert.Equal("report_detail", detail.GetProperty("data").GetProperty("type").GetString());
        var content = detail.GetProperty("data").GetProperty("content");
        var expectedKinds = new Dictionary<string, JsonValueKind>
        {
            ["account_id"] = JsonValueKind.Number, ["roll_money"] = JsonValueKind.Number, ["report_id"] = JsonValueKind.Number,
            ["order_num"] = JsonValueKind.String, ["amount"] = JsonValueKind.String, ["customer_contact"] = JsonValueKind.String,
            ["reason"] = JsonValueKind.String, ["report_finish"] = JsonValueKind.Number, ["created_at"] = JsonValueKind.String,
            ["customer_phone"] = JsonValueKind.String, ["state"] = JsonValueKind.String, ["proxy_head_img_url"] = JsonValueKind.String,
            ["top_proxy_head_img_url"] = JsonValueKind.String, ["show_name"] = JsonValueKind.String, ["report_handle"] = JsonValueKind.String,
            ["head_img_url"] = JsonValueKind.String, ["operation_authority"] = JsonValueKind.Number,
        };
        Assert.Equal(expectedKinds.Keys.Order(), content.EnumerateObject().Select(p => p.Name).Order());
        foreach (var (field, kind) in expectedKinds)
        {
            Assert.True(content.GetProperty(field).ValueKind == kind, $"{field} should be {kind}");
        }
        Assert.Equal(_s.MerchantId, content.GetProperty("account_id").GetInt64());
        Assert.Equal(_s.ReportId, content.GetProperty("report_id").GetInt64());
        Assert.Equal("10.00", content.GetProperty("amount").GetString());
        Assert.Equal("买家QQ：475281441", content.GetProperty("customer_contact").GetString());
        Assert.Equal("投诉原因：卡密无效", content.GetProperty("reason").GetString());
        Assert.Equal("买家手机：13560822174", content.GetProperty("customer_phone").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", content.GetProperty("created_at").GetString());
        Assert.Equal("双方交谈中", content.GetProperty("state").GetString());
        Assert.Equal("0", content.GetProperty("report_handle").GetString());
        Assert.Equal("周文平-代理店铺", content.GetProperty("show_name").GetString());
        Assert.Equal("https://img.example/merchant.jpeg", content.GetProperty("head_img_url").GetString());
        Assert.Equal("https://img.example/proxy.jpeg", content.GetProperty("proxy_head_img_url").GetString());
        Assert.Equal("https://img.example/top.jpeg", content.GetProperty("top_proxy_head_img_url").GetString());
        Assert.Equal(1, content.GetProperty("operation_authority").GetInt32());
        var forProxy = proxyDetail.GetProperty("data").GetProperty("content");
        Assert.Equal("买家手机：135****2174", forProxy.GetProperty("customer_phone").GetString());
        Assert.Equal(0, forProxy.GetProperty("operation_authority").GetInt32());
    }

    [Fact]
    public async Task MsgList_PagesTwentyNewestFirst_OverMoreThanAThousandMessages()
    {
        var rooms = _stack.App.Services.GetRequiredService<IRoomStore>();
        var start = DateTimeOffset.UtcNow;
        for (var i = 1; i <= 1_050; i++)
        {
            await rooms.AppendAsync(new RoomMessage(0, _s.OrderSn, "2", "shop:1", $"m{i}", "text", start.AddSeconds(i)), CancellationToken.None);
        }
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");

        var first = await MessageListAsync(buyer, _s.OrderSn, 1);
        var second = await MessageListAsync(buyer, _s.OrderSn, 2);
        var last = await MessageListAsync(buyer, _s.OrderSn, 53);
        var past = await MessageListAsync(buyer, _s.OrderSn, 54);

        Assert.Equal(1_051, first.GetProperty("total").GetInt64());
        Assert.Equal(20, first.GetProperty("per_page").GetInt32());
        Assert.Equal(1, first.GetProperty("current_page").GetInt32());
        Assert.Equal(53, first.GetProperty("last_page").GetInt32());
        Assert.Equal(Enumerable.Range(1031, 20).Reverse().Select(i => $"m{i}"), first.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal("m1030", second.GetProperty("data")[0].GetProperty("content").GetString());
        var oldest = last.GetProperty("data").EnumerateArray().Last();
        Assert.Equal(11, last.GetProperty("data").GetArrayLength());
        Assert.Equal("4", oldest.GetProperty("type").GetString());
        Assert.StartsWith("如您未收到卡密,请打开页面:", oldest.GetProperty("content").GetString());
        Assert.Contains(_s.OrderSn, oldest.GetProperty("content").GetString());
        var sample = first.GetProperty("data")[0];
        Assert.Equal(_s.OrderSn, sample.GetProperty("order_num").GetString());
        Assert.Equal(JsonValueKind.String, sample.GetProperty("type").ValueKind);
        Assert.Equal(JsonValueKind.Number, sample.GetProperty("created_at").ValueKind);
        Assert.Equal("text", sample.GetProperty("content_type").GetString());
        Assert.Equal(0, past.GetProperty("data").GetArrayLength());
        Assert.Equal(1_051, past.GetProperty("total").GetInt64());
        Assert.Equal(53, past.GetProperty("last_page").GetInt32());
    }

    [Fact]
    public async Task AnotherOrdersDetailOrHistory_IsRefused_ExceptForStaff()
    {
        var other = await KfkScenario.CreateAsync(_http);
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");
        using var staff = await LoggedInAsync(_s.StaffToken, "admin");

        await SendAsync(buyer, new { type = "report_detail", order_num = other.OrderSn, account_id = other.MerchantId });
        var buyerDetail = await ReceiveJsonAsync(buyer);
        await SendAsync(merchant, new { type = "msg_list", order_num = other.OrderSn, page = 1 });
        var merchantHistory = await ReceiveJsonAsync(merchant);
        await SendAsync(staff, new { type = "report_detail", order_num = other.OrderSn });
        var staffDetail = await ReceiveJsonAsync(staff);

        Assert.Equal("error", buyerDetail.GetProperty("msg").GetString());
        Assert.Equal("无权查看该投诉", buyerDetail.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("error", merchantHistory.GetProperty("msg").GetString());
        Assert.Equal(other.ReportId, staffDetail.GetProperty("data").GetProperty("content").GetProperty("report_id").GetInt64());
    }

    [Fact]
    public async Task ReportDetail_OfARoomWithoutDispute_IsAnError()
    {
        var quiet = await KfkScenario.CreateAsync(_http, openDispute: false);
        using var buyer = await ConnectAsync();
        await LoginAsync(buyer, await KfkScenario.TokenAsync(_http, new { kind = "buyer_order", order_sn = quiet.OrderSn }), "user", quiet.OrderSn);

        await SendAsync(buyer, new { type = "report_detail", order_num = quiet.OrderSn });
        var reply = await ReceiveJsonAsync(buyer);

        Assert.Equal("投诉不存在", reply.GetProperty("data").GetProperty("content").GetString());
    }

    [Fact]
    public async Task MerchantDelayWords_TipTheBuyerOnly_AndProfanityWarnsTheWholeRoom()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");
        using var staff = await LoggedInAsync(_s.StaffToken, "admin");

        await SendAsync(merchant, new { type = "say", data = new { content = "明天再给你发", type = "text" } });
        var message = await ReceiveJsonAsync(buyer);
        var tip = await ReceiveJsonAsync(buyer);
        await ReceiveJsonAsync(staff);
        await AssertNothingPendingAsync(staff);
        await SendAsync(buyer, new { type = "say", data = new { content = "你个傻逼", type = "text" } });
        var civilityAtBuyer = await ReceiveJsonAsync(buyer);
        await ReceiveJsonAsync(merchant); // the message itself is never blocked
        var civilityAtMerchant = await ReceiveJsonAsync(merchant);

        Assert.Equal("明天再给你发", message.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("sys", tip.GetProperty("from").GetString());
        Assert.StartsWith("温馨提示", tip.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("请文明用语~", civilityAtBuyer.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("sys", civilityAtMerchant.GetProperty("from").GetString());
        Assert.Equal("请文明用语~", civilityAtMerchant.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal(3, (await StoredAsync()).Count); // opening + two messages; tips are not stored
    }

    [Fact]
    public async Task MoreThanFiveFramesASecond_AreRefused_AndNothingRefusedIsStored()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");
        await Task.Delay(1_100); // a fresh second for the rate window

        for (var i = 0; i < 12; i++)
        {
            await SendAsync(buyer, new { type = "say", data = new { content = $"快{i}", type = "text" } });
        }
        var errors = 0;
        await SendTextAsync(buyer, "ping");
        while (await ReceiveTextAsync(buyer) is var frame && frame != "pong")
        {
            Assert.Equal("您的发送频率太快了", JsonDocument.Parse(frame).RootElement.GetProperty("data").GetProperty("content").GetString());
            errors++;
        }

        Assert.True(errors >= 2, $"{errors} frames refused");
        Assert.Equal(1 + 12 - errors, (await StoredAsync()).Count);
    }

    [Theory]
    [InlineData("not json at all", "参数错误")]
    [InlineData("""{"type":"say","data":{"type":"text"}}""", "消息内容不能为空")]
    [InlineData("""{"type":"say","data":{"content":"hi","type":"video"}}""", "消息类型错误")]
    [InlineData("""{"type":"say","data":{"content":"javascript:alert(1)","type":"image"}}""", "图片地址错误")]
    [InlineData("""{"type":"msg_list","order_num":"ORDER","page":0}""", "参数错误")]
    public async Task BadFrames_AreAnsweredWithErrorFrames_AndStoreNothing(string frame, string reason)
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");

        await SendTextAsync(buyer, frame.Replace("ORDER", _s.OrderSn, StringComparison.Ordinal));
        var reply = await ReceiveJsonAsync(buyer);

        Assert.Equal("error", reply.GetProperty("msg").GetString());
        Assert.Equal(reason, reply.GetProperty("data").GetProperty("content").GetString());
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task ImageMessages_MustBeImagesKfkStored_ForeignUrlsAreRefused()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");
        var stored = await Media.MediaUploadsClient.UploadAsync(_stack.AppUrl("/"), _s.BuyerToken);

        await SendAsync(buyer, new { type = "say", data = new { content = "https://evil.example/a.png", type = "image" } });
        var refused = await ReceiveJsonAsync(buyer);
        await SendAsync(buyer, new { type = "say", data = new { content = stored.Replace("/media/", "/media/../media/", StringComparison.Ordinal), type = "image" } });
        var tricked = await ReceiveJsonAsync(buyer);
        await SendAsync(buyer, new { type = "say", data = new { content = stored, type = "image" } });
        var delivered = await ReceiveJsonAsync(merchant);

        Assert.Equal("图片地址错误", refused.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("error", tricked.GetProperty("msg").GetString());
        Assert.Equal("""{"content":"STORED","type":"image"}""".Replace("STORED", stored, StringComparison.Ordinal), delivered.GetProperty("data").GetRawText());
        Assert.Equal(2, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task AFrameOver64KB_IsAnError_AndNothingIsStored()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");

        await SendAsync(buyer, new { type = "say", data = new { content = new string('x', 70_000), type = "text" } });
        var reply = await ReceiveJsonAsync(buyer);

        Assert.Equal("消息过大", reply.GetProperty("data").GetProperty("content").GetString());
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task ASecondLogin_SwitchesRooms_AndTheOldRoomNoLongerReachesTheConnection()
    {
        var other = await KfkScenario.CreateAsync(_http);
        using var staff = await LoggedInAsync(_s.StaffToken, "admin");
        using var merchant = await LoggedInAsync(_s.MerchantToken, "account");

        var switched = await LoginAsync(staff, _s.StaffToken, "admin", other.OrderSn);
        await SendAsync(merchant, new { type = "say", data = new { content = "只在旧房间", type = "text" } });
        await Task.Delay(300);
        await AssertNothingPendingAsync(staff);
        await SendAsync(staff, new { type = "msg_list", order_num = _s.OrderSn, page = 1 });
        var stillStaff = await ReceiveJsonAsync(staff);

        Assert.Equal("login_success", switched.GetProperty("msg").GetString());
        Assert.Equal("success", stillStaff.GetProperty("msg").GetString()); // staff may still read any room
    }

    [Fact]
    public async Task TextOver500Characters_IsRefused_AndNothingIsStored()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");

        await SendAsync(buyer, new { type = "say", data = new { content = new string('长', 501), type = "text" } });
        var reply = await ReceiveJsonAsync(buyer);

        Assert.Equal("消息内容不能超过500个字符", reply.GetProperty("data").GetProperty("content").GetString());
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task DisputeActions_AreSystemMessagesDeliveredLiveToTheRoom()
    {
        using var buyer = await LoggedInAsync(_s.BuyerToken, "user");

        using var handled = await _http.PostAsJsonAsync($"/api/v1/disputes/{_s.ReportId}/actions", new { action = "handle" });
        var notice = await ReceiveJsonAsync(buyer);

        Assert.Equal(System.Net.HttpStatusCode.OK, handled.StatusCode);
        Assert.Equal("sys", notice.GetProperty("from").GetString());
        Assert.Equal("商家已受理投诉,请耐心等待处理结果", notice.GetProperty("data").GetProperty("content").GetString());
        Assert.Equal("4", (await MessageListAsync(buyer, _s.OrderSn, 1)).GetProperty("data")[0].GetProperty("type").GetString());
    }

    private async Task<IReadOnlyList<RoomMessage>> StoredAsync()
    {
        var rooms = _stack.App.Services.GetRequiredService<IRoomStore>();
        return await rooms.ReadRangeAsync(_s.OrderSn, 1, await rooms.LastSeqAsync(_s.OrderSn, CancellationToken.None), CancellationToken.None);
    }

    private static async Task<JsonElement> MessageListAsync(ClientWebSocket client, string orderSn, int page)
    {
        await SendAsync(client, new { type = "msg_list", order_num = orderSn, page });
        var reply = await ReceiveJsonAsync(client);
        Assert.True(reply.GetProperty("msg").GetString() == "success", reply.GetRawText());
        Assert.Equal("msg_list", reply.GetProperty("data").GetProperty("type").GetString());
        return reply.GetProperty("data").GetProperty("content");
    }

    private async Task<ClientWebSocket> LoggedInAsync(string token, string type)
    {
        var client = await ConnectAsync();
        var reply = await LoginAsync(client, token, type, _s.OrderSn);
        Assert.True(reply.GetProperty("msg").GetString() == "login_success", reply.GetRawText());
        return client;
    }

    private async Task<ClientWebSocket> ConnectAsync()
    {
        var client = new ClientWebSocket();
        await client.ConnectAsync(_stack.ClientUrl("kfk"), CancellationToken.None);
        return client;
    }
}
