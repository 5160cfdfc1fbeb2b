using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Kfk.Testing;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>The workbench routes (<c>/kefuapi/chat/…</c>), typing, and the shop's customer-service settings.</summary>
public sealed class LikeshopWorkbenchTests : IAsyncLifetime
{
    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private string _userToken = "";
    private (long Id, string Token) _kefu;

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["likeshop"]);
        _http = _stack.PlatformClient();
        (await _http.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/users/{_userId}", new
        {
            nickname = "Jason",
            avatar = "https://img.example/jason.png",
            mobile = "13812341234",
            sn = "U100",
            level = 2,
            level_name = "黄金会员",
            total_order_amount = "88.00",
            client = 6,
            create_time = "2030-05-01T02:00:00Z",
        })).EnsureSuccessStatusCode();
        _kefu = await CreateKefuAsync(_http, _shopId, "客服小王");
        _userToken = await UserTokenAsync(_http, _userId, 6);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task Typing_IsRelayedToTheCounterpart_ThrottledAndNeverStored()
    {
        using var user = await ConnectAsync(_stack, $"?token={_userToken}&type=user&client=6&shop_id={_shopId}");
        using var kefu = await ConnectAsync(_stack, $"?token={_kefu.Token}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(user, kefu);

        await SendAsync(user, new { @event = "typing", data = new { to_id = _kefu.Id, to_type = "kefu" } });
        var typing = await ReceiveJsonAsync(kefu);
        await SendAsync(user, new { @event = "typing", data = new { to_id = _kefu.Id, to_type = "kefu" } });
        await SendAsync(user, new { @event = "chat", data = new { msg = "在吗", msg_type = 1, to_id = _kefu.Id, to_type = "kefu" } });
        await ReceiveJsonAsync(user);
        var next = await ReceiveJsonAsync(kefu);
        await SendAsync(user, new { @event = "typing", data = new { to_id = _kefu.Id + 100_000, to_type = "kefu" } });
        var stranger = await ReceiveJsonAsync(user);

        Assert.Equal("""{"event":"typing","data":{"shop_id":""" + _shopId + ""","from_id":""" + _userId + ""","from_type":"user"}}""", typing.GetRawText());
        Assert.Equal("chat", next.GetProperty("event").GetString());
        Assert.Equal("1", next.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("error", stranger.GetProperty("event").GetString());
    }

    [Fact]
    public async Task ChatUser_ListsTheKefusRelations_OnlineFirst_WithLastMessageAndReadState()
    {
        var quietUserId = _userId + 1;
        (await _http.PutAsJsonAsync($"/api/v1/users/{quietUserId}", new { nickname = "Quiet" })).EnsureSuccessStatusCode();
        var quietUserToken = await UserTokenAsync(_http, quietUserId);
        using var kefu = await ConnectAsync(_stack, $"?token={_kefu.Token}&type=kefu&client=5&shop_id={_shopId}");
        using var user = await ConnectAsync(_stack, $"?token={_userToken}&type=user&client=6&shop_id={_shopId}");
        await SkipGreetingAsync(kefu, user);
        await SendAsync(user, new { @event = "chat", data = new { msg = "<b>发货</b>", msg_type = 1, to_id = _kefu.Id, to_type = "kefu" } });
        await ReceiveJsonAsync(user);
        await ReceiveJsonAsync(kefu);
        using (var quiet = await ConnectAsync(_stack, $"?token={quietUserToken}&type=user&client=3&shop_id={_shopId}"))
        {
            await SkipGreetingAsync(quiet);
            await SendAsync(quiet, new { @event = "chat", data = new { msg = "later", msg_type = 1, to_id = _kefu.Id, to_type = "kefu" } });
            await ReceiveJsonAsync(quiet);
            await ReceiveJsonAsync(kefu);
            await quiet.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        await WaitUntilAsync(async () => (await KefuGetAsync(_http, "/kefuapi/chat/user", _kefu.Token)).GetProperty("data").GetProperty("list")[1].GetProperty("online").GetInt32() == 0);

        var before = (await KefuGetAsync(_http, "/kefuapi/chat/user", _kefu.Token)).GetProperty("data");
        await SendAsync(kefu, new { @event = "read", data = new { user_id = _userId, shop_id = _shopId } });
        await ReceiveJsonAsync(user);
        var after = (await KefuGetAsync(_http, "/kefuapi/chat/user", _kefu.Token)).GetProperty("data").GetProperty("list")[0];
        var searched = (await KefuGetAsync(_http, "/kefuapi/chat/user?nickname=qui", _kefu.Token)).GetProperty("data");
        var anonymous = await KefuGetAsync(_http, "/kefuapi/chat/user", null);

        Assert.Equal(2, before.GetProperty("count").GetInt32());
        var first = before.GetProperty("list")[0];
        Assert.Equal(_userId, first.GetProperty("user_id").GetInt64());
        Assert.Equal(1, first.GetProperty("online").GetInt32());
        Assert.Equal("Jason", first.GetProperty("nickname").GetString());
        Assert.Equal("&lt;b&gt;发货&lt;/b&gt;", first.GetProperty("msg").GetString());
        Assert.Equal(1, first.GetProperty("msg_type").GetInt32());
        Assert.Equal(0, first.GetProperty("is_read").GetInt32());
        Assert.Equal(6, first.GetProperty("client").GetInt32());
        Assert.Equal(JsonValueKind.String, first.GetProperty("update_time").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", first.GetProperty("update_time").GetString());
        var second = before.GetProperty("list")[1];
        Assert.Equal(quietUserId, second.GetProperty("user_id").GetInt64());
        Assert.Equal(0, second.GetProperty("online").GetInt32());
        Assert.Equal(1, after.GetProperty("is_read").GetInt32());
        Assert.Equal(quietUserId, Assert.Single(searched.GetProperty("list").EnumerateArray()).GetProperty("user_id").GetInt64());
        Assert.Equal(-1, anonymous.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ChatOnline_ListsOnlyTheOtherOnlineKefuOfTheShop_AndKefuInfoShowsItself()
    {
        var colleague = await CreateKefuAsync(_http, _shopId, "客服小李");
        var offline = await CreateKefuAsync(_http, _shopId, "客服小赵");
        using var me = await ConnectAsync(_stack, $"?token={_kefu.Token}&type=kefu&client=5&shop_id={_shopId}");
        using var other = await ConnectAsync(_stack, $"?token={colleague.Token}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(me, other);

        var online = (await KefuGetAsync(_http, "/kefuapi/chat/online", _kefu.Token)).GetProperty("data");
        var info = (await KefuGetAsync(_http, "/kefuapi/chat/kefuInfo", _kefu.Token)).GetProperty("data");
        var offlineInfo = (await KefuGetAsync(_http, "/kefuapi/chat/kefuInfo", offline.Token)).GetProperty("data");

        var listed = Assert.Single(online.EnumerateArray());
        Assert.Equal(colleague.Id, listed.GetProperty("id").GetInt64());
        Assert.Equal("客服小李", listed.GetProperty("nickname").GetString());
        Assert.Equal(JsonValueKind.String, listed.GetProperty("avatar").ValueKind);
        Assert.Equal(_kefu.Id, info.GetProperty("id").GetInt64());
        Assert.Equal(_shopId, info.GetProperty("shop_id").GetInt64());
        Assert.Equal("客服小王", info.GetProperty("nickname").GetString());
        Assert.Equal(1, info.GetProperty("online").GetInt32());
        Assert.Equal(0, offlineInfo.GetProperty("online").GetInt32());
    }

    [Fact]
    public async Task ChatConfig_NeedsNoSession_AndNamesTheLikeshopHub()
    {
        using var anonymous = new HttpClient { BaseAddress = _stack.AppUrl("/") };

        var body = JsonDocument.Parse(await anonymous.GetStringAsync("/kefuapi/chat/config")).RootElement;

        Assert.Equal(1, body.GetProperty("code").GetInt32());
        var data = body.GetProperty("data");
        foreach (var field in new[] { "base_domain", "web_favicon", "company_name" })
        {
            Assert.Equal(JsonValueKind.String, data.GetProperty(field).ValueKind);
        }
        Assert.Matches("^ws://127\\.0\\.0\\.1:\\d+/client/hubs/likeshop$", data.GetProperty("ws_domain").GetString());
    }

    [Fact]
    public async Task UserInfo_ShowsTheMaskedProfile_OnlyForUsersOfTheShop()
    {
        await UserSaysHelloAsync();
        var stranger = _userId + 7;
        (await _http.PutAsJsonAsync($"/api/v1/users/{stranger}", new { nickname = "Stranger", mobile = "13900000000" })).EnsureSuccessStatusCode();

        var info = await KefuGetAsync(_http, $"/kefuapi/chat/userInfo?user_id={_userId}", _kefu.Token);
        var refused = await KefuGetAsync(_http, $"/kefuapi/chat/userInfo?user_id={stranger}", _kefu.Token);
        var missing = await KefuGetAsync(_http, "/kefuapi/chat/userInfo", _kefu.Token);

        var data = info.GetProperty("data");
        Assert.Equal(_userId, data.GetProperty("id").GetInt64());
        Assert.Equal("U100", data.GetProperty("sn").GetString());
        Assert.Equal("138****1234", data.GetProperty("mobile").GetString());
        Assert.Equal(2, data.GetProperty("level").GetInt32());
        Assert.Equal("黄金会员", data.GetProperty("level_name").GetString());
        Assert.Equal("88.00", data.GetProperty("total_order_amount").GetString());
        Assert.Equal("-", data.GetProperty("birthday").GetString());
        Assert.Equal(6, data.GetProperty("client").GetInt32());
        Assert.Equal("H5", data.GetProperty("client_desc").GetString());
        Assert.Equal("2030-05-01 10:00:00", data.GetProperty("create_time").GetString());
        Assert.Equal(0, refused.GetProperty("code").GetInt32());
        Assert.Equal("该用户不是本店客户", refused.GetProperty("msg").GetString());
        Assert.Equal(0, missing.GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Order_ListsTheUsersOrdersInThisShopOnly_WithGoods_AndFiltersBySn()
    {
        var otherShop = _shopId + 1;
        (await _http.PutAsJsonAsync($"/api/v1/shops/{otherShop}", new { name = "别家" })).EnsureSuccessStatusCode();
        var sn = "W" + _shopId;
        await PutOrderAsync(sn + "A", _shopId, "2030-01-01T00:00:00Z");
        await PutOrderAsync(sn + "B", _shopId, "2030-02-01T00:00:00Z");
        await PutOrderAsync(sn + "C", otherShop, "2030-03-01T00:00:00Z");
        await UserSaysHelloAsync();

        var all = (await KefuGetAsync(_http, $"/kefuapi/chat/order?user_id={_userId}", _kefu.Token)).GetProperty("data");
        var filtered = (await KefuGetAsync(_http, $"/kefuapi/chat/order?user_id={_userId}&order_sn={sn}A", _kefu.Token)).GetProperty("data");

        Assert.Equal([sn + "B", sn + "A"], all.GetProperty("list").EnumerateArray().Select(o => o.GetProperty("order_sn").GetString()));
        Assert.Equal(2, all.GetProperty("count").GetInt32());
        var order = all.GetProperty("list")[0];
        Assert.Equal("已付款", order.GetProperty("order_status_text").GetString());
        Assert.Equal("19.90", order.GetProperty("order_amount").GetString());
        Assert.Equal("2030-02-01 08:00:00", order.GetProperty("create_time").GetString());
        var goods = Assert.Single(order.GetProperty("order_goods").EnumerateArray());
        Assert.Equal("月卡", goods.GetProperty("goods_name").GetString());
        Assert.Equal(2, goods.GetProperty("goods_num").GetInt32());
        Assert.Equal(sn + "A", Assert.Single(filtered.GetProperty("list").EnumerateArray()).GetProperty("order_sn").GetString());
    }

    [Fact]
    public async Task CustomerServiceSettings_AreEditableByTheShopsAdmin_AndTurnChatOff()
    {
        var admin = await CreateKefuAsync(_http, _shopId, "店长", "admin");
        var otherShop = _shopId + 2;
        (await _http.PutAsJsonAsync($"/api/v1/shops/{otherShop}", new { name = "别家" })).EnsureSuccessStatusCode();
        var (_, otherAdmin) = await CreateKefuAsync(_http, otherShop, "别家店长", "admin");
        var settings = new { customer_service = new { type = 1, wechat = "shop-wx", phone = "400-800", business_time = "9:00-18:00" } };

        using var byPlainKefu = await SendAsBearerAsync(HttpMethod.Put, _kefu.Token, settings);
        using var byOtherShopsAdmin = await SendAsBearerAsync(HttpMethod.Put, otherAdmin, settings);
        using var anonymous = await SendAsBearerAsync(HttpMethod.Put, null, settings);
        using var invalid = await SendAsBearerAsync(HttpMethod.Put, admin.Token, new { customer_service = new { type = 3 } });
        using var updated = await SendAsBearerAsync(HttpMethod.Put, admin.Token, settings);
        using var read = await SendAsBearerAsync(HttpMethod.Get, admin.Token, null);
        var chatConfig = JsonDocument.Parse(await new HttpClient { BaseAddress = _stack.AppUrl("/") }.GetStringAsync($"/api/index/chatConfig?shop_id={_shopId}")).RootElement;

        Assert.Equal(HttpStatusCode.Forbidden, byPlainKefu.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherShopsAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.True(body.GetProperty("online_service").GetBoolean());
        Assert.Equal("shop-wx", body.GetProperty("customer_service").GetProperty("wechat").GetString());
        Assert.Equal(0, chatConfig.GetProperty("code").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsBearerAsync(HttpMethod method, string? token, object? body)
    {
        using var anonymous = new HttpClient { BaseAddress = _stack.AppUrl("/") };
        using var request = new HttpRequestMessage(method, $"/api/v1/shops/{_shopId}/customer-service");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await anonymous.SendAsync(request);
    }

    private async Task PutOrderAsync(string sn, long shopId, string created) =>
        (await _http.PutAsJsonAsync($"/api/v1/orders/{sn}", new
        {
            shop_id = shopId,
            user_id = _userId,
            order_status = 1,
            order_status_text = "已付款",
            order_amount = "19.90",
            create_time = created,
            goods = new[] { new { goods_id = 9, name = "月卡", price = "9.95", num = 2 } },
        })).EnsureSuccessStatusCode();

    private async Task UserSaysHelloAsync()
    {
        using var user = await ConnectAsync(_stack, $"?token={_userToken}&type=user&client=6&shop_id={_shopId}");
        await SkipGreetingAsync(user);
        await SendAsync(user, new { @event = "chat", data = new { msg = "你好", msg_type = 1, to_id = _kefu.Id, to_type = "kefu" } });
        Assert.Equal("chat", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
