using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Kfk.Testing;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>Legacy likeshop frames over real WebSockets through the local gateway to the app and Azurite.</summary>
public sealed class LikeshopHubTests : IAsyncLifetime
{
    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private string _userToken = "";
    private string _kefuToken = "";
    private long _kefuId;

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["likeshop"]);
        _http = _stack.PlatformClient();
        (await _http.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/users/{_userId}", new { nickname = "Jason", avatar = "https://img.example/jason.png" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync("/api/v1/goods/" + _shopId, new { shop_id = _shopId, name = "月卡", image = "https://img.example/g.png", min_price = "19.90" })).EnsureSuccessStatusCode();
        (_kefuId, _kefuToken) = await CreateKefuAsync(_http, _shopId, "客服小王");
        _userToken = await UserTokenAsync(_http, _userId, 6);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task Connect_PushesPingThenLogin()
    {
        using var user = await ConnectUserAsync();

        var ping = await ReceiveJsonAsync(user);
        var login = await ReceiveJsonAsync(user);

        Assert.Equal("ping", ping.GetProperty("event").GetString());
        Assert.Equal(JsonValueKind.Number, ping.GetProperty("data").GetProperty("client_time").ValueKind);
        Assert.Equal("""{"event":"login","data":{"msg":"连接成功","msg_type":1}}""", login.GetRawText());
    }

    [Theory]
    [InlineData("?token=kfk_forged&type=user&client=6")]
    [InlineData("?type=user&client=6")]
    public async Task Connect_WithABadToken_IsRefusedWith401(string query)
    {
        using var client = new ClientWebSocket();
        client.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(_stack.ClientUrl("likeshop", query + $"&shop_id={_shopId}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, client.HttpStatusCode);
    }

    [Fact]
    public async Task Connect_WithAUserTokenAsKefu_OrForAnotherClient_IsRefused()
    {
        using var asKefu = new ClientWebSocket();
        asKefu.Options.CollectHttpResponseDetails = true;
        using var otherClient = new ClientWebSocket();
        otherClient.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => asKefu.ConnectAsync(_stack.ClientUrl("likeshop", $"?token={_userToken}&type=kefu&client=6&shop_id={_shopId}"), CancellationToken.None));
        await Assert.ThrowsAsync<WebSocketException>(() => otherClient.ConnectAsync(_stack.ClientUrl("likeshop", $"?token={_userToken}&type=user&client=3&shop_id={_shopId}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, asKefu.HttpStatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherClient.HttpStatusCode);
    }

    [Fact]
    public async Task Chat_UserToKefu_IsStoredThenDeliveredToTheKefuAndTheUsersOtherDevice()
    {
        using var phone = await ConnectUserAsync();
        using var tablet = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(phone, tablet, kefu);

        await SendAsync(phone, new { @event = "chat", data = new { msg = "你好啊", msg_type = 1, to_id = _kefuId.ToString(), to_type = "kefu" } });

        var reply = await ReceiveJsonAsync(phone);
        var atKefu = await ReceiveJsonAsync(kefu);
        var atTablet = await ReceiveJsonAsync(tablet);
        Assert.Equal(reply.GetRawText(), atKefu.GetRawText());
        Assert.Equal(reply.GetRawText(), atTablet.GetRawText());
        var data = reply.GetProperty("data");
        Assert.Equal("chat", reply.GetProperty("event").GetString());
        Assert.Equal(_shopId, data.GetProperty("shop_id").GetInt64());
        Assert.Equal(_userId, data.GetProperty("from_id").GetInt64());
        Assert.Equal("user", data.GetProperty("from_type").GetString());
        Assert.Equal(_kefuId, data.GetProperty("to_id").GetInt64());
        Assert.Equal("你好啊", data.GetProperty("msg").GetString());
        Assert.Equal(JsonValueKind.String, data.GetProperty("id").ValueKind);
        Assert.Equal("Jason", data.GetProperty("from_nickname").GetString());
        Assert.Equal("https://img.example/jason.png", data.GetProperty("from_avatar").GetString());
        Assert.Equal(JsonValueKind.Array, data.GetProperty("goods").ValueKind);

        await SendAsync(kefu, new { @event = "chat", data = new { msg = _shopId.ToString(), msg_type = 3, to_id = _userId, to_type = "user" } });
        var answer = await ReceiveJsonAsync(phone);
        Assert.Equal("kefu", answer.GetProperty("data").GetProperty("from_type").GetString());
        Assert.Equal("月卡", answer.GetProperty("data").GetProperty("goods").GetProperty("name").GetString());
        Assert.Equal(long.Parse(data.GetProperty("id").GetString()!) + 1, long.Parse(answer.GetProperty("data").GetProperty("id").GetString()!));
    }

    [Fact]
    public async Task Chat_ResentWithTheSameClientMsgId_ReturnsTheStoredRecord_AndDeliversOnce()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);
        var frame = new { @event = "chat", data = new { msg = "只发一次", msg_type = 1, to_id = _kefuId, to_type = "kefu", client_msg_id = "m-1" } };

        await SendAsync(user, frame);
        var first = await ReceiveJsonAsync(user);
        await SendAsync(user, frame);
        var second = await ReceiveJsonAsync(user);

        Assert.Equal(first.GetRawText(), second.GetRawText());
        Assert.Equal(first.GetRawText(), (await ReceiveJsonAsync(kefu)).GetRawText());
        await SendAsync(user, new { @event = "ping" });
        Assert.Equal("ping", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveJsonAsync(kefu, TimeSpan.FromMilliseconds(500)));
    }

    [Theory]
    [InlineData("not json", "消息格式错误")]
    [InlineData("""{"event":"dance","data":{}}""", "不支持的事件")]
    [InlineData("""{"event":"chat","data":{"msg":"x","msg_type":9,"to_id":"1","to_type":"kefu"}}""", "消息类型错误")]
    [InlineData("""{"event":"chat","data":{"msg":"","msg_type":1,"to_id":"1","to_type":"kefu"}}""", "消息内容不能为空")]
    [InlineData("""{"event":"chat","data":{"msg":"x","msg_type":1,"to_id":"999999999","to_type":"kefu"}}""", "该客服不存在")]
    [InlineData("""{"event":"chat","data":{"msg":"x","msg_type":1,"to_id":"1","to_type":"user"}}""", "接收人错误")]
    [InlineData("""{"event":"chat","data":{"msg":"javascript:alert(1)","msg_type":2,"to_id":"KEFU","to_type":"kefu"}}""", "图片地址错误")]
    [InlineData("""{"event":"chat","data":{"msg":"0","msg_type":3,"to_id":"KEFU","to_type":"kefu"}}""", "商品不存在")]
    public async Task BadFrames_AreAnsweredWithErrorFrames_AndTheConnectionStaysOpen(string frame, string message)
    {
        using var user = await ConnectUserAsync();
        await SkipGreetingAsync(user);

        await user.SendAsync(Encoding.UTF8.GetBytes(frame.Replace("KEFU", _kefuId.ToString(), StringComparison.Ordinal)), WebSocketMessageType.Text, true, CancellationToken.None);
        var error = await ReceiveJsonAsync(user);
        await SendAsync(user, new { @event = "ping" });

        Assert.True(error.GetProperty("event").GetString() == "error", error.GetRawText());
        Assert.True(error.GetProperty("data").GetProperty("msg").GetString() == message, error.GetRawText());
        Assert.Equal(1, error.GetProperty("data").GetProperty("msg_type").GetInt32());
        Assert.Equal("ping", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
    }

    [Fact]
    public async Task Text_Over2000Characters_IsRefused_AndNothingIsDelivered()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);

        await SendAsync(user, new { @event = "chat", data = new { msg = new string('长', 2001), msg_type = 1, to_id = _kefuId, to_type = "kefu" } });

        Assert.Equal("消息内容不能超过2000个字符", (await ReceiveJsonAsync(user)).GetProperty("data").GetProperty("msg").GetString());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveJsonAsync(kefu, TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task MoreThan10FramesASecond_AreAnsweredWithAnError()
    {
        using var user = await ConnectUserAsync();
        await SkipGreetingAsync(user);

        // 25 frames in well under two seconds: one one-second window holds more than 10 of them.
        for (var i = 0; i < 25; i++)
        {
            await SendAsync(user, new { @event = "ping" });
        }
        var replies = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            replies.Add((await ReceiveJsonAsync(user)).GetProperty("event").GetString()!);
        }

        Assert.Contains("error", replies);
        Assert.Contains("ping", replies);
    }

    [Fact]
    public async Task History_PagesNewestFirst_OldestFirstInsideAPage_AndSyncCatchesUp()
    {
        using var user = await ConnectUserAsync();
        await SkipGreetingAsync(user);
        for (var i = 1; i <= 5; i++)
        {
            await SendAsync(user, new { @event = "chat", data = new { msg = $"第{i}条", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
            Assert.Equal("chat", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
        }

        var first = await HistoryAsync(page: 1, size: 2);
        var last = await HistoryAsync(page: 3, size: 2);
        var beyond = await HistoryAsync(page: 4, size: 2);
        await SendAsync(user, new { @event = "sync", data = new { shop_id = _shopId, after_seq = 3 } });
        var sync = await ReceiveJsonAsync(user);

        Assert.Equal(["第4条", "第5条"], first.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("msg").GetString()));
        Assert.Equal(1, first.GetProperty("more").GetInt32());
        Assert.Equal(5, first.GetProperty("count").GetInt64());
        Assert.Equal(["第1条"], last.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("msg").GetString()));
        Assert.Equal(0, last.GetProperty("more").GetInt32());
        Assert.Empty(beyond.GetProperty("list").EnumerateArray());
        Assert.Equal("sync", sync.GetProperty("event").GetString());
        Assert.Equal(["4", "5"], sync.GetProperty("data").GetProperty("list").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task History_NeedsAKefuSession_AndAValidPage()
    {
        using var anonymous = await _http.GetAsync($"/kefuapi/chat/record?user_id={_userId}");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/kefuapi/chat/record?user_id={_userId}&page_size=500");
        request.Headers.Add("token", _kefuToken);
        using var oversized = await _http.SendAsync(request);

        Assert.Equal(-1, JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(0, JsonDocument.Parse(await oversized.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
    }

    private async Task<JsonElement> HistoryAsync(int page, int size)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/kefuapi/chat/record?user_id={_userId}&page_no={page}&page_size={size}");
        request.Headers.Add("token", _kefuToken);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("code").GetInt32() == 1, body.GetRawText());
        return body.GetProperty("data").Clone();
    }

    [Fact]
    public async Task UserOnline_TellsTheKefu_AndOnlyTheLastClosingDeviceMarksTheUserOffline()
    {
        using var kefu = await ConnectKefuAsync();
        using var phone = await ConnectUserAsync();
        using var tablet = await ConnectUserAsync();
        await SkipGreetingAsync(kefu, phone, tablet);
        Assert.True(await KefuListedOnlineAsync());

        await SendAsync(phone, new { @event = "user_online", data = new { kefu_id = _kefuId } });
        var online = await ReceiveJsonAsync(kefu);
        await SendAsync(tablet, new { @event = "user_online", data = new { kefu_id = _kefuId } });
        await ReceiveJsonAsync(kefu);
        await phone.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await Task.Delay(500); // let the phone's disconnected event be handled
        // The kefu's next frame is the tablet's chat: closing one device pushed nothing.
        await SendAsync(tablet, new { @event = "chat", data = new { msg = "还在线", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
        var stillOnline = await ReceiveJsonAsync(kefu);
        await tablet.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        var offline = await ReceiveJsonAsync(kefu);

        Assert.Equal("user_online", online.GetProperty("event").GetString());
        Assert.Equal(_userId, online.GetProperty("data").GetProperty("user_id").GetInt64());
        Assert.Equal("Jason", online.GetProperty("data").GetProperty("nickname").GetString());
        Assert.Equal(1, online.GetProperty("data").GetProperty("online").GetInt32());
        Assert.Equal("还在线", stillOnline.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("user_online", offline.GetProperty("event").GetString());
        Assert.Equal(0, offline.GetProperty("data").GetProperty("online").GetInt32());
    }

    [Fact]
    public async Task Read_ByTheKefu_TellsTheUserHowFar_AndHistoryShowsIsRead()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);
        for (var i = 1; i <= 2; i++)
        {
            await SendAsync(user, new { @event = "chat", data = new { msg = $"m{i}", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
            await ReceiveJsonAsync(user);
            await ReceiveJsonAsync(kefu);
        }
        Assert.All((await HistoryAsync(1, 10)).GetProperty("list").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("is_read").GetInt32()));

        await SendAsync(kefu, new { @event = "read", data = new { user_id = _userId, shop_id = _shopId } });
        var read = await ReceiveJsonAsync(user);

        Assert.Equal("read", read.GetProperty("event").GetString());
        Assert.Equal("2", read.GetProperty("data").GetProperty("read_to").GetString());
        Assert.Equal(_kefuId, read.GetProperty("data").GetProperty("kefu_id").GetInt64());
        Assert.Equal(_shopId, read.GetProperty("data").GetProperty("shop_id").GetInt64());
        Assert.All((await HistoryAsync(1, 10)).GetProperty("list").EnumerateArray(), r => Assert.Equal(1, r.GetProperty("is_read").GetInt32()));
    }

    [Fact]
    public async Task Read_ForAnotherShopOrAStranger_IsAnError()
    {
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(kefu);

        await SendAsync(kefu, new { @event = "read", data = new { user_id = _userId, shop_id = _shopId + 1 } });
        var otherShop = await ReceiveJsonAsync(kefu);
        await SendAsync(kefu, new { @event = "read", data = new { user_id = _userId + 1, shop_id = _shopId } });
        var stranger = await ReceiveJsonAsync(kefu);

        Assert.Equal("参数错误", otherShop.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("该用户不是本店客户", stranger.GetProperty("data").GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Transfer_SendsAllThreeNotices_AndTheNoticeStaysOutOfTheKefuHistory()
    {
        var (otherId, otherToken) = await CreateKefuAsync(_http, _shopId, "客服小李");
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        using var other = await ConnectAsync($"?token={otherToken}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(user, kefu, other);
        await SendAsync(user, new { @event = "chat", data = new { msg = "在吗", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
        await ReceiveJsonAsync(user);
        await ReceiveJsonAsync(kefu);

        await SendAsync(other, new { @event = "transfer", data = new { user_id = _userId, kefu_id = _kefuId } });
        var notServing = await ReceiveJsonAsync(other);
        await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
        var sent = await ReceiveJsonAsync(kefu);
        var notice = await ReceiveJsonAsync(user);
        var toUser = await ReceiveJsonAsync(user);
        var received = await ReceiveJsonAsync(other);

        Assert.Equal("转接失败", notServing.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("""{"event":"transfer","data":{"status":"send_success"}}""", sent.GetRawText());
        Assert.Equal("chat", notice.GetProperty("event").GetString());
        Assert.Equal("客服(客服小李)为您服务", notice.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("transfer", toUser.GetProperty("event").GetString());
        Assert.Equal(otherId, toUser.GetProperty("data").GetProperty("id").GetInt64());
        Assert.Equal("客服小李", toUser.GetProperty("data").GetProperty("nickname").GetString());
        Assert.Equal(toUser.GetProperty("data").GetProperty("avatar").GetString(), toUser.GetProperty("data").GetProperty("avater").GetString());
        Assert.Equal("get_success", received.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal(_userId, received.GetProperty("data").GetProperty("user").GetProperty("user_id").GetInt64());
        Assert.Equal(1, received.GetProperty("data").GetProperty("user").GetProperty("online").GetInt32());
        Assert.Equal(["在吗"], (await HistoryAsync(1, 10)).GetProperty("list").EnumerateArray().Select(r => r.GetProperty("msg").GetString()));

        await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
        Assert.Equal("转接失败", (await ReceiveJsonAsync(kefu)).GetProperty("data").GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Transfer_ToAnOfflineKefu_OrOfAnOfflineUser_IsRefused()
    {
        var (otherId, _) = await CreateKefuAsync(_http, _shopId, "离线客服");
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);
        await SendAsync(user, new { @event = "chat", data = new { msg = "在吗", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
        await ReceiveJsonAsync(user);
        await ReceiveJsonAsync(kefu);

        await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
        var offlineKefu = await ReceiveJsonAsync(kefu);
        await user.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal("user_online", (await ReceiveJsonAsync(kefu)).GetProperty("event").GetString()); // online 0
        await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
        var offlineUser = await ReceiveJsonAsync(kefu);

        Assert.Equal("该客服不在线", offlineKefu.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("该用户不在线", offlineUser.GetProperty("data").GetProperty("msg").GetString());
    }

    [Fact]
    public async Task UserChatRecord_ChoosesTheLastServingKefuIfOnline_ElseAnotherOnlineOne_ElseNone()
    {
        var (otherId, otherToken) = await CreateKefuAsync(_http, _shopId, "客服小李");
        Assert.Equal(JsonValueKind.Array, (await UserChatRecordAsync()).GetProperty("kefu").ValueKind);

        using (var kefu = await ConnectKefuAsync())
        using (var user = await ConnectUserAsync())
        {
            await SkipGreetingAsync(kefu, user);
            await SendAsync(user, new { @event = "chat", data = new { msg = "你好", msg_type = 1, to_id = _kefuId, to_type = "kefu" } });
            await ReceiveJsonAsync(user);
            using var other = await ConnectAsync($"?token={otherToken}&type=kefu&client=5&shop_id={_shopId}");
            await SkipGreetingAsync(other);

            var withBoth = await UserChatRecordAsync();
            Assert.Equal(_kefuId, withBoth.GetProperty("kefu").GetProperty("id").GetInt64());
            Assert.Equal(["你好"], withBoth.GetProperty("record").GetProperty("list").EnumerateArray().Select(r => r.GetProperty("msg").GetString()));

            await kefu.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            for (var waited = 0; await KefuListedOnlineAsync(); waited++)
            {
                Assert.True(waited < 100, "the kefu's disconnect was not processed within 10 s");
                await Task.Delay(100);
            }
            Assert.Equal(otherId, (await UserChatRecordAsync()).GetProperty("kefu").GetProperty("id").GetInt64());
        }
    }

    [Fact]
    public async Task ChatConfig_IsCode1ForOnlineShops_AndCode0WithTheManualMessageOtherwise()
    {
        using var online = JsonDocument.Parse(await _http.GetStringAsync($"/api/index/chatConfig?shop_id={_shopId}"));
        (await _http.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "数码店", customer_service = new { type = 1, wechat = "kfk-wx" }, offline_message = "请添加微信 kfk-wx" })).EnsureSuccessStatusCode();
        using var manual = JsonDocument.Parse(await _http.GetStringAsync($"/api/index/chatConfig?shop_id={_shopId}"));

        Assert.Equal(1, online.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(0, manual.RootElement.GetProperty("code").GetInt32());
        Assert.Equal("请添加微信 kfk-wx", manual.RootElement.GetProperty("msg").GetString());
    }

    private async Task<JsonElement> UserChatRecordAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/user/chatRecord?shop_id={_shopId}&page_no=1");
        request.Headers.Add("token", _userToken);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("code").GetInt32() == 1, body.GetRawText());
        return body.GetProperty("data").Clone();
    }

    private async Task<bool> KefuListedOnlineAsync()
    {
        using var list = JsonDocument.Parse(await _http.GetStringAsync($"/api/v1/kefu?shop_id={_shopId}"));
        return list.RootElement.GetProperty("list").EnumerateArray().Single(a => a.GetProperty("id").GetInt64() == _kefuId).GetProperty("online").GetBoolean();
    }

    [Fact]
    public async Task ImageMessages_MustBeImagesKfkStored_ForeignUrlsAreRefused()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);
        var stored = await Media.MediaUploadsClient.UploadAsync(_stack.AppUrl("/"), _userToken);

        await SendAsync(user, new { @event = "chat", data = new { msg = "https://evil.example/a.png", msg_type = 2, to_id = _kefuId, to_type = "kefu" } });
        var refused = await ReceiveJsonAsync(user);
        await SendAsync(user, new { @event = "chat", data = new { msg = stored + "?x=1", msg_type = 2, to_id = _kefuId, to_type = "kefu" } });
        var withQuery = await ReceiveJsonAsync(user);
        await SendAsync(user, new { @event = "chat", data = new { msg = stored, msg_type = 2, to_id = _kefuId, to_type = "kefu" } });
        await ReceiveJsonAsync(user);
        var delivered = await ReceiveJsonAsync(kefu);

        Assert.Equal("图片地址错误", refused.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("图片地址错误", withQuery.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(stored, delivered.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(2, delivered.GetProperty("data").GetProperty("msg_type").GetInt32());
    }

    [Fact]
    public async Task Kefu_CannotWriteToAUserWhoNeverContactedTheShop()
    {
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(kefu);

        await SendAsync(kefu, new { @event = "chat", data = new { msg = "hi", msg_type = 1, to_id = _userId + 1, to_type = "user" } });

        Assert.Equal("该用户不是本店客户", (await ReceiveJsonAsync(kefu)).GetProperty("data").GetProperty("msg").GetString());
    }

    private Task<ClientWebSocket> ConnectUserAsync() => ConnectAsync($"?token={_userToken}&type=user&client=6&shop_id={_shopId}");

    private Task<ClientWebSocket> ConnectKefuAsync() => ConnectAsync($"?token={_kefuToken}&type=kefu&client=5&shop_id={_shopId}");

    private Task<ClientWebSocket> ConnectAsync(string query) => LikeshopWire.ConnectAsync(_stack, query);
}
