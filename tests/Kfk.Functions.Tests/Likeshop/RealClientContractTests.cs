using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Kfk.Functions.Tests.Media;
using Kfk.Testing;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// What the real likeshop clients (the kefu PC workbench and the uni-app buyer chat page) read from Kfk, field by field
/// and type by type, through the local gateway and real WebSockets. See docs/protocols/likeshop.md.
/// </summary>
public sealed class RealClientContractTests : IAsyncLifetime
{
    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;
    private readonly long _shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private readonly long _goodsId = Random.Shared.NextInt64(1_000, 1_000_000_000);
    private string _userToken = "";
    private string _kefuToken = "";
    private long _kefuId;

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["likeshop"]);
        _http = _stack.PlatformClient();
        (await _http.PutAsJsonAsync($"/api/v1/shops/{_shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/users/{_userId}", new { nickname = "Jason", avatar = "https://img.example/jason.png", client = 6 })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/goods/{_goodsId}",
            new { shop_id = _shopId, name = "月卡 <b>&\"VIP\"</b>", image = "https://img.example/g.png", min_price = "19.90" })).EnsureSuccessStatusCode();
        (_kefuId, _kefuToken) = await CreateKefuAsync(_http, _shopId, "客服小王");
        _userToken = await UserTokenAsync(_http, _userId, 6);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task BuyerPage_RendersEveryMessage_AsABubble_LiveAndFromHistory()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);

        await SendAsync(user, Chat("你好", 1, _kefuId, "kefu"));
        var own = await ReceiveJsonAsync(user);
        var atKefu = await ReceiveJsonAsync(kefu);
        await SendAsync(kefu, Chat("您好，请问有什么可以帮您", 1, _userId, "user"));
        var reply = await ReceiveJsonAsync(user);
        await ReceiveJsonAsync(kefu);
        await SendAsync(user, new { @event = "sync", data = new { after_seq = 0 } });
        var sync = await ReceiveJsonAsync(user);
        var buyerHistory = await UserGetAsync($"/api/user/chatRecord?shop_id={_shopId}");
        var kefuHistory = await KefuGetAsync(_http, $"/kefuapi/chat/record?user_id={_userId}", _kefuToken);

        AssertMessageType(own.GetProperty("data"));
        AssertMessageType(atKefu.GetProperty("data"));
        AssertMessageType(reply.GetProperty("data"));
        AssertAll(sync.GetProperty("data").GetProperty("list"), 2);
        AssertAll(buyerHistory.GetProperty("data").GetProperty("record").GetProperty("list"), 2);
        AssertAll(kefuHistory.GetProperty("data").GetProperty("list"), 2);

        static void AssertAll(JsonElement list, int count)
        {
            Assert.Equal(count, list.GetArrayLength());
            foreach (var record in list.EnumerateArray())
            {
                AssertMessageType(record);
            }
        }
    }

    [Fact]
    public async Task BuyerPage_ShowsTheTransferNotice_AsANoticeLine_AndTheWorkbenchListsTheTransferredUserWithItsLastMessage()
    {
        var (otherId, otherToken) = await CreateKefuAsync(_http, _shopId, "客服小李");
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        using var other = await ConnectAsync($"?token={otherToken}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(user, kefu, other);
        await SendAsync(user, Chat("在吗", 1, _kefuId, "kefu"));
        await ReceiveJsonAsync(user);
        await ReceiveJsonAsync(kefu);

        await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
        var notice = await ReceiveJsonAsync(user);
        var transferred = await ReceiveJsonAsync(user);
        var received = await ReceiveJsonAsync(other);
        var sent = await ReceiveJsonAsync(kefu);

        Assert.Equal("chat", notice.GetProperty("event").GetString());
        Assert.Equal(2, notice.GetProperty("data").GetProperty("type").GetInt32());
        Assert.Equal("客服(客服小李)为您服务", notice.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal("transfer", transferred.GetProperty("event").GetString());
        Assert.Equal("send_success", sent.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("get_success", received.GetProperty("data").GetProperty("status").GetString());
        var row = received.GetProperty("data").GetProperty("user");
        AssertRelationRow(row, otherId, online: 1);
        Assert.Equal("在吗", row.GetProperty("msg").GetString());
        Assert.Equal(0, row.GetProperty("is_read").GetInt32());
        Assert.NotEqual("", row.GetProperty("update_time").GetString());
        var buyerHistory = await UserGetAsync($"/api/user/chatRecord?shop_id={_shopId}");
        var types = buyerHistory.GetProperty("data").GetProperty("record").GetProperty("list").EnumerateArray().Select(r => r.GetProperty("type").GetInt32());
        Assert.Equal([1, 2], types);
        var otherList = await KefuGetAsync(_http, "/kefuapi/chat/user", otherToken);
        Assert.Equal("在吗", otherList.GetProperty("data").GetProperty("list")[0].GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Workbench_AfterATransfer_TheNewAgentSeesTheBuyerLeave_AndTheOldAgentsListNoLongerHoldsThem()
    {
        var (otherId, otherToken) = await CreateKefuAsync(_http, _shopId, "客服小李");
        using var kefu = await ConnectKefuAsync();
        using var other = await ConnectAsync($"?token={otherToken}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(kefu, other);
        using (var user = await ConnectUserAsync())
        {
            await SkipGreetingAsync(user);
            await SendAsync(user, Chat("在吗", 1, _kefuId, "kefu"));
            await ReceiveJsonAsync(user);
            await ReceiveJsonAsync(kefu);
            await SendAsync(kefu, new { @event = "transfer", data = new { user_id = _userId, kefu_id = otherId } });
            await ReceiveJsonAsync(kefu);
            await ReceiveJsonAsync(other);
        }

        var left = await ReceiveJsonAsync(other);

        Assert.Equal("user_online", left.GetProperty("event").GetString());
        AssertRelationRow(left.GetProperty("data"), otherId, online: 0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveJsonAsync(kefu, TimeSpan.FromMilliseconds(500)));
        var oldList = await KefuGetAsync(_http, "/kefuapi/chat/user", _kefuToken);
        Assert.Equal(0, oldList.GetProperty("data").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Workbench_DrawsTheGoodsCard_ByParsingMsg_LiveFromHistoryAndInTheList()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);

        await SendAsync(user, Chat(_goodsId.ToString(), 3, _kefuId, "kefu"));
        var own = await ReceiveJsonAsync(user);
        var live = await ReceiveJsonAsync(kefu);
        var history = await KefuGetAsync(_http, $"/kefuapi/chat/record?user_id={_userId}", _kefuToken);
        var buyerHistory = await UserGetAsync($"/api/user/chatRecord?shop_id={_shopId}");
        var list = await KefuGetAsync(_http, "/kefuapi/chat/user", _kefuToken);

        foreach (var record in new[]
        {
            own.GetProperty("data"), live.GetProperty("data"), history.GetProperty("data").GetProperty("list")[0],
            buyerHistory.GetProperty("data").GetProperty("record").GetProperty("list")[0],
        })
        {
            Assert.Equal(3, record.GetProperty("msg_type").GetInt32());
            var card = JsonDocument.Parse(record.GetProperty("msg").GetString()!).RootElement;
            AssertGoodsSnapshot(card);
            AssertGoodsSnapshot(record.GetProperty("goods"));
        }
        var row = list.GetProperty("data").GetProperty("list")[0];
        Assert.Equal(3, row.GetProperty("msg_type").GetInt32());
        AssertGoodsSnapshot(JsonDocument.Parse(row.GetProperty("msg").GetString()!).RootElement);
    }

    [Fact]
    public async Task Agent_GreetsABuyerWhoCameOnline_WithAnImage_AsTheBaseUriThatFormImageAnswers()
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);
        await SendAsync(user, new { @event = "user_online", data = new { kefu_id = _kefuId } });
        Assert.Equal("user_online", (await ReceiveJsonAsync(kefu)).GetProperty("event").GetString());

        var upload = await UploadAsync("/kefuapi/file/formImage", _kefuToken);
        var baseUri = upload.GetProperty("base_uri").GetString()!;
        await SendAsync(kefu, Chat(baseUri, 2, _userId, "user"));
        var atKefu = await ReceiveJsonAsync(kefu);
        var atUser = await ReceiveJsonAsync(user);

        Assert.StartsWith(_stack.AppUrl("/media/").AbsoluteUri, baseUri);
        Assert.Equal(baseUri, upload.GetProperty("uri").GetString());
        Assert.Equal(baseUri, upload.GetProperty("url").GetString());
        Assert.True(atKefu.GetProperty("event").GetString() == "chat", atKefu.GetRawText());
        Assert.Equal(baseUri, atUser.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(2, atUser.GetProperty("data").GetProperty("msg_type").GetInt32());
        AssertMessageType(atUser.GetProperty("data"));
    }

    [Theory]
    [InlineData("/api/file/formimage")]
    [InlineData("/api/file/formImage")]
    [InlineData("/API/File/FormImage")]
    public async Task Buyer_SendsAnImage_AsTheBaseUriThatTheAppsUploadRouteAnswers(string route)
    {
        using var user = await ConnectUserAsync();
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(user, kefu);

        var upload = await UploadAsync(route, _userToken);
        var baseUri = upload.GetProperty("base_uri").GetString()!;
        await SendAsync(user, Chat(baseUri, 2, _kefuId, "kefu"));
        await ReceiveJsonAsync(user);
        var atKefu = await ReceiveJsonAsync(kefu);

        Assert.Equal(baseUri, atKefu.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(2, atKefu.GetProperty("data").GetProperty("msg_type").GetInt32());
        Assert.True(await MediaUrlRedirectsAsync(baseUri), $"{baseUri} is not served");
    }

    [Fact]
    public async Task BuyerApp_IsSentToLogin_WhenItsUploadHasNoValidUserToken()
    {
        foreach (var token in new[] { null, "kfk_forged", _kefuToken })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/file/formimage") { Content = PngForm() };
            if (token is not null)
            {
                request.Headers.Add("token", token);
            }
            using var response = await _http.SendAsync(request);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(-1, body.GetProperty("code").GetInt32());
            Assert.Equal("登录超时，请重新登录", body.GetProperty("msg").GetString());
        }
    }

    [Fact]
    public async Task Workbench_ListsABuyerWhoComesOnline_WithTheFullRow_AndNoFalseUnreadDot()
    {
        using var kefu = await ConnectKefuAsync();
        await SkipGreetingAsync(kefu);
        using (var first = await ConnectUserAsync())
        {
            await SkipGreetingAsync(first);
            await SendAsync(first, Chat("上次的问题", 1, _kefuId, "kefu"));
            await ReceiveJsonAsync(first);
            await ReceiveJsonAsync(kefu);
            await SendAsync(kefu, new { @event = "read", data = new { user_id = _userId, shop_id = _shopId } });
            await ReceiveJsonAsync(first);
        }
        var offline = await ReceiveJsonAsync(kefu);

        using var user = await ConnectUserAsync();
        await SkipGreetingAsync(user);
        await SendAsync(user, new { @event = "user_online", data = new { kefu_id = _kefuId } });
        var online = await ReceiveJsonAsync(kefu);
        var listed = (await KefuGetAsync(_http, "/kefuapi/chat/user", _kefuToken)).GetProperty("data").GetProperty("list")[0];

        Assert.Equal("user_online", offline.GetProperty("event").GetString());
        AssertRelationRow(offline.GetProperty("data"), _kefuId, online: 0);
        Assert.Equal("user_online", online.GetProperty("event").GetString());
        var row = online.GetProperty("data");
        AssertRelationRow(row, _kefuId, online: 1);
        Assert.Equal(1, row.GetProperty("is_read").GetInt32());
        Assert.Equal("上次的问题", row.GetProperty("msg").GetString());
        Assert.Equal(6, row.GetProperty("client").GetInt32());
        foreach (var field in new[] { "id", "shop_id", "user_id", "kefu_id", "nickname", "avatar", "client", "client_desc", "msg", "msg_type", "is_read", "update_time" })
        {
            Assert.True(row.GetProperty(field).GetRawText() == listed.GetProperty(field).GetRawText(), $"{field}: {row} vs {listed}");
        }
    }

    [Fact]
    public async Task NegotiatedLikeshopConnections_WithoutTheLegacyQuery_ChatBothWays()
    {
        using var user = await ConnectNegotiatedAsync(_userToken, $"&shop_id={_shopId}&client=6");
        using var kefu = await ConnectNegotiatedAsync(_kefuToken, "");
        await SkipGreetingAsync(user, kefu);

        await SendAsync(user, Chat("通过 negotiate 连接", 1, _kefuId, "kefu"));
        var own = await ReceiveJsonAsync(user);
        var atKefu = await ReceiveJsonAsync(kefu);
        await SendAsync(kefu, Chat("收到", 1, _userId, "user"));
        await ReceiveJsonAsync(kefu);
        var atUser = await ReceiveJsonAsync(user);

        Assert.Equal(own.GetRawText(), atKefu.GetRawText());
        Assert.Equal(_shopId, atKefu.GetProperty("data").GetProperty("shop_id").GetInt64());
        Assert.Equal("收到", atUser.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(_kefuId, atUser.GetProperty("data").GetProperty("from_id").GetInt64());
    }

    [Fact]
    public async Task Read_FromAnAgentOfTheShopWhoDoesNotServeTheUser_IsRefused_AndMovesNothing()
    {
        var (_, otherToken) = await CreateKefuAsync(_http, _shopId, "客服小李");
        using var user = await ConnectUserAsync();
        using var other = await ConnectAsync($"?token={otherToken}&type=kefu&client=5&shop_id={_shopId}");
        await SkipGreetingAsync(user, other);
        await SendAsync(user, Chat("找客服小王", 1, _kefuId, "kefu"));
        await ReceiveJsonAsync(user);

        await SendAsync(other, new { @event = "read", data = new { user_id = _userId, shop_id = _shopId } });
        var error = await ReceiveJsonAsync(other);
        var history = await UserGetAsync($"/api/user/chatRecord?shop_id={_shopId}");

        Assert.Equal("error", error.GetProperty("event").GetString());
        Assert.Equal("该用户由其他客服接待", error.GetProperty("data").GetProperty("msg").GetString());
        Assert.Equal(0, history.GetProperty("data").GetProperty("record").GetProperty("list")[0].GetProperty("is_read").GetInt32());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReceiveJsonAsync(user, TimeSpan.FromMilliseconds(300)));
    }

    [Theory]
    [InlineData("/kefuapi/chat/record?user_id=abc")]
    [InlineData("/kefuapi/chat/record?user_id=1e3")]
    [InlineData("/kefuapi/chat/user?page_no=abc")]
    [InlineData("/kefuapi/chat/userInfo?user_id=99999999999999999999")]
    [InlineData("/kefuapi/chat/order?user_id=1&page_size=x")]
    [InlineData("/api/user/chatRecord?shop_id=x")]
    [InlineData("/api/index/chatConfig?shop_id=1.5")]
    public async Task Clients_GetTheFailureEnvelope_ForMalformedQueryValues_NotAProblemOr5xx(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("token", path.StartsWith("/api/", StringComparison.Ordinal) ? _userToken : _kefuToken);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, body.GetProperty("code").GetInt32());
        Assert.Equal("参数错误", body.GetProperty("msg").GetString());
    }

    [Fact]
    public async Task Workbench_IsRefusedTheHistoryOfABuyerWhoNeverTalkedToTheShop_AsForTheirProfileAndOrders()
    {
        var stranger = Random.Shared.NextInt64(1_000_000_001, 2_000_000_000);
        (await _http.PutAsJsonAsync($"/api/v1/users/{stranger}", new { nickname = "路人" })).EnsureSuccessStatusCode();

        foreach (var path in new[] { "/kefuapi/chat/record", "/kefuapi/chat/userInfo", "/kefuapi/chat/order" })
        {
            var body = await KefuGetAsync(_http, $"{path}?user_id={stranger}", _kefuToken);

            Assert.Equal(0, body.GetProperty("code").GetInt32());
            Assert.Equal("该用户不是本店客户", body.GetProperty("msg").GetString());
        }
    }

    private static object Chat(string msg, int msgType, long toId, string toType) =>
        new { @event = "chat", data = new { msg, msg_type = msgType, to_id = toId.ToString(), to_type = toType } };

    private static void AssertMessageType(JsonElement record)
    {
        Assert.True(record.TryGetProperty("type", out var type), record.GetRawText());
        Assert.Equal(JsonValueKind.Number, type.ValueKind);
        Assert.Equal(1, type.GetInt32());
    }

    private void AssertGoodsSnapshot(JsonElement goods)
    {
        Assert.Equal(JsonValueKind.Object, goods.ValueKind);
        Assert.Equal(_goodsId, goods.GetProperty("id").GetInt64());
        Assert.Equal("https://img.example/g.png", goods.GetProperty("image").GetString());
        Assert.Equal("19.90", goods.GetProperty("min_price").GetString());
        Assert.Equal("月卡 <b>&\"VIP\"</b>", goods.GetProperty("name").GetString());
    }

    /// <summary>The row <c>/kefuapi/chat/user</c> lists, with the JSON types of that list.</summary>
    private void AssertRelationRow(JsonElement row, long kefuId, int online)
    {
        Assert.Equal(_userId, row.GetProperty("id").GetInt64());
        Assert.Equal(_shopId, row.GetProperty("shop_id").GetInt64());
        Assert.Equal(_userId, row.GetProperty("user_id").GetInt64());
        Assert.Equal(kefuId, row.GetProperty("kefu_id").GetInt64());
        Assert.Equal("Jason", row.GetProperty("nickname").GetString());
        Assert.Equal("https://img.example/jason.png", row.GetProperty("avatar").GetString());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("client").ValueKind);
        Assert.Equal(online, row.GetProperty("online").GetInt32());
        Assert.Equal(JsonValueKind.Number, row.GetProperty("is_read").ValueKind);
        Assert.Equal(JsonValueKind.String, row.GetProperty("msg").ValueKind);
        Assert.Equal(JsonValueKind.Number, row.GetProperty("msg_type").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$", row.GetProperty("update_time").GetString());
    }

    private async Task<JsonElement> UploadAsync(string route, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = PngForm() };
        request.Headers.Add("token", token);
        using var response = await _http.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.True(body.GetProperty("code").GetInt32() == 1, body.GetRawText());
        return body.GetProperty("data");
    }

    private static MultipartFormDataContent PngForm()
    {
        var file = new ByteArrayContent(TestImages.Png(Random.Shared.Next(20, 60), 30));
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return new MultipartFormDataContent { { file, "file", "photo.png" } };
    }

    private async Task<bool> MediaUrlRedirectsAsync(string url)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler);
        using var response = await http.GetAsync(url);
        return response.StatusCode == System.Net.HttpStatusCode.Redirect;
    }

    private Task<JsonElement> UserGetAsync(string path) => KefuGetAsync(_http, path, _userToken);

    private async Task<ClientWebSocket> ConnectNegotiatedAsync(string token, string extraQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/negotiate") { Content = JsonContent.Create(new { hub = "likeshop" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var url = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("url").GetString()!;
        Assert.DoesNotContain("token=" + token, url, StringComparison.Ordinal);
        var client = new ClientWebSocket();
        await client.ConnectAsync(new Uri(url + extraQuery), CancellationToken.None);
        return client;
    }

    private Task<ClientWebSocket> ConnectUserAsync() => ConnectAsync($"?token={_userToken}&type=user&client=6&shop_id={_shopId}");

    private Task<ClientWebSocket> ConnectKefuAsync() => ConnectAsync($"?token={_kefuToken}&type=kefu&client=5&shop_id={_shopId}");

    private Task<ClientWebSocket> ConnectAsync(string query) => LikeshopWire.ConnectAsync(_stack, query);
}
