using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Core.Disputes;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Kuaifaka;

/// <summary>The native disputes API: opening, reading, the lifecycle and who may do what.</summary>
public sealed class DisputesApiTests : IAsyncLifetime
{
    private KfkApp _app = null!;
    private HttpClient _platform = null!;
    private KfkScenario _s = null!;

    public async Task InitializeAsync()
    {
        _app = await KfkApp.WithAzuriteAsync(new Dictionary<string, string?> { ["Kfk:Disputes:InProcessSlaTimer"] = "false" });
        _platform = _app.CreateClient();
        _platform.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        _s = await KfkScenario.CreateAsync(_platform);
    }

    public async Task DisposeAsync()
    {
        _platform.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Open_StoresTheDisputeAndTheOpeningSystemMessage_AndASecondOpenOneIs409()
    {
        using var again = await _platform.PostAsJsonAsync("/api/v1/disputes", new { order_sn = _s.OrderSn, amount = "1.00", reason = "again" });
        var dispute = await GetAsync(_platform, _s.ReportId);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("dispute_open", (await JsonAsync(again)).GetProperty("code").GetString());
        Assert.Equal(_s.OrderSn, dispute.GetProperty("order_sn").GetString());
        Assert.Equal(_s.MerchantId, dispute.GetProperty("account_id").GetInt64());
        Assert.Equal("10.00", dispute.GetProperty("amount").GetString());
        Assert.Equal("0", dispute.GetProperty("report_handle").GetString());
        Assert.Equal("open", dispute.GetProperty("status").GetString());
        Assert.Equal("双方交谈中", dispute.GetProperty("state").GetString());
        var opening = Assert.Single(await StoredAsync());
        Assert.Equal("4", opening.Type);
        Assert.Equal($"如您未收到卡密,请打开页面:https://kuaifaka.example/order/query/{_s.OrderSn}查询,其余问题请您耐心等待卖家回复~", opening.Content);
        Assert.Contains(_app.Realtime.Calls, c => c.StartsWith($"group kfk room:{_s.OrderSn} ", StringComparison.Ordinal) && c.Contains("如您未收到卡密", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"amount":"1.00","reason":"r"}""", "order_sn")]
    [InlineData("""{"order_sn":"bad sn!","amount":"1.00","reason":"r"}""", "order_sn")]
    [InlineData("""{"order_sn":"kfk-none","amount":"1.00","reason":"r"}""", "order_sn")]
    [InlineData("""{"order_sn":"ORDER","amount":"1.001","reason":"r"}""", "amount")]
    [InlineData("""{"order_sn":"ORDER","amount":"1.00"}""", "reason")]
    public async Task Open_WithBadFields_Is400NamingTheField(string json, string field)
    {
        var quiet = await KfkScenario.CreateAsync(_platform, openDispute: false);

        using var response = await _platform.PostAsync("/api/v1/disputes",
            new StringContent(json.Replace("ORDER", quiet.OrderSn, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await JsonAsync(response)).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Open_NeedsThePlatformKey()
    {
        using var merchant = Bearer(_s.MerchantToken);
        using var response = await merchant.PostAsJsonAsync("/api/v1/disputes", new { order_sn = _s.OrderSn, amount = "1.00", reason = "r" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Lifecycle_HandleRefundFinish_EachAsASystemMessage_ThenANewDisputeMayOpen()
    {
        using var merchant = Bearer(_s.MerchantToken);

        var handled = await ActAsync(merchant, "handle", HttpStatusCode.OK);
        var refunded = await ActAsync(merchant, "refund", HttpStatusCode.OK, note: "已原路退回");
        var finished = await ActAsync(merchant, "finish", HttpStatusCode.OK);
        using var reopened = await _platform.PostAsJsonAsync("/api/v1/disputes", new { order_sn = _s.OrderSn, amount = "2.00", reason = "又坏了" });

        Assert.Equal("1", handled.GetProperty("report_handle").GetString());
        Assert.Equal("handled", handled.GetProperty("status").GetString());
        Assert.Equal(1, refunded.GetProperty("roll_money").GetInt32());
        Assert.Equal("正在退款", refunded.GetProperty("state").GetString());
        Assert.Equal(1, finished.GetProperty("report_finish").GetInt32());
        Assert.Equal("已办理退款,投诉已处理完成", finished.GetProperty("state").GetString());
        Assert.Equal(["如您未收到卡密", "商家已受理投诉", "商家已办理退款（已原路退回）", "投诉已处理完成", "如您未收到卡密"],
            (await StoredAsync()).Select(m => m.Content.Split(',')[0]));
        Assert.All(await StoredAsync(), m => Assert.Equal("4", m.Type));
        Assert.Equal(HttpStatusCode.Created, reopened.StatusCode);
    }

    [Fact]
    public async Task IllegalTransitions_Are409WithTheCurrentDispute_AndChangeNothing()
    {
        using var merchant = Bearer(_s.MerchantToken);

        var finishFirst = await ActAsync(merchant, "finish", HttpStatusCode.Conflict);
        await ActAsync(merchant, "handle", HttpStatusCode.OK);
        var handleTwice = await ActAsync(merchant, "handle", HttpStatusCode.Conflict);
        await ActAsync(merchant, "refund", HttpStatusCode.OK);
        using var buyer = Bearer(_s.BuyerToken);
        var withdrawAfterRefund = await ActAsync(buyer, "withdraw", HttpStatusCode.Conflict);
        await ActAsync(merchant, "finish", HttpStatusCode.OK);
        var refundAfterFinish = await ActAsync(merchant, "refund", HttpStatusCode.Conflict);

        Assert.Equal("illegal_transition", finishFirst.GetProperty("code").GetString());
        Assert.Equal("open", finishFirst.GetProperty("dispute").GetProperty("status").GetString());
        Assert.Equal("handled", handleTwice.GetProperty("dispute").GetProperty("status").GetString());
        Assert.Equal("refunded", withdrawAfterRefund.GetProperty("dispute").GetProperty("status").GetString());
        Assert.Equal("finished", refundAfterFinish.GetProperty("dispute").GetProperty("status").GetString());
        Assert.Equal(4, (await StoredAsync()).Count);
    }

    [Fact]
    public async Task Withdraw_IsTheBuyersAction_AndClosesTheDispute()
    {
        using var buyer = Bearer(_s.BuyerToken);
        using var merchant = Bearer(_s.MerchantToken);

        var merchantTries = await ActAsync(merchant, "withdraw", HttpStatusCode.Forbidden);
        var buyerTriesHandle = await ActAsync(buyer, "handle", HttpStatusCode.Forbidden);
        var withdrawn = await ActAsync(buyer, "withdraw", HttpStatusCode.OK);
        var handleAfter = await ActAsync(merchant, "handle", HttpStatusCode.Conflict);

        Assert.Equal("not_allowed", merchantTries.GetProperty("code").GetString());
        Assert.Equal("not_allowed", buyerTriesHandle.GetProperty("code").GetString());
        Assert.True(withdrawn.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("withdrawn", handleAfter.GetProperty("dispute").GetProperty("status").GetString());
        Assert.Equal("买家已撤销投诉", (await StoredAsync())[^1].Content);
    }

    [Fact]
    public async Task ResellersOutsidersAndStrangers_CannotAct_AndOutsidersCannotRead()
    {
        using var proxy = Bearer(_s.ProxyToken);
        using var outsider = Bearer(_s.OutsiderToken);
        using var anonymous = _app.CreateClient();
        var otherBuyer = await KfkScenario.CreateAsync(_platform);
        using var foreignBuyer = Bearer(otherBuyer.BuyerToken);

        var proxyActs = await ActAsync(proxy, "handle", HttpStatusCode.Forbidden);
        await ActAsync(outsider, "handle", HttpStatusCode.Forbidden);
        await ActAsync(anonymous, "handle", HttpStatusCode.Unauthorized);
        await ActAsync(foreignBuyer, "withdraw", HttpStatusCode.Forbidden);
        using var proxyReads = await proxy.GetAsync($"/api/v1/disputes/{_s.ReportId}");
        using var outsiderReads = await outsider.GetAsync($"/api/v1/disputes/{_s.ReportId}");
        using var foreignReads = await foreignBuyer.GetAsync($"/api/v1/disputes/{_s.ReportId}");
        using var unknown = await _platform.GetAsync("/api/v1/disputes/999999999999");

        Assert.Equal("not_allowed", proxyActs.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, proxyReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsiderReads.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreignReads.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Single(await StoredAsync());
    }

    [Fact]
    public async Task List_FiltersByStatusAndShop_AndShopsSeeOnlyTheirOwn()
    {
        var other = await KfkScenario.CreateAsync(_platform);
        using var merchant = Bearer(_s.MerchantToken);
        using var staff = Bearer(_s.StaffToken);
        await ActAsync(merchant, "handle", HttpStatusCode.OK);
        await ActAsync(merchant, "finish", HttpStatusCode.OK);

        var merchantList = await ListAsync(merchant, "");
        var proxyList = await ListAsync(Bearer(_s.ProxyToken), "?status=closed");
        var openForShop = await ListAsync(staff, $"?status=open&shop_id={_s.MerchantId}");
        var openOther = await ListAsync(_platform, $"?status=open&shop_id={other.TopProxyId}");
        using var merchantAsksOther = await merchant.GetAsync($"/api/v1/disputes?shop_id={other.MerchantId}");
        using var badStatus = await _platform.GetAsync("/api/v1/disputes?status=maybe");

        Assert.Equal([_s.ReportId], merchantList.Select(d => d.GetProperty("report_id").GetInt64()));
        Assert.Equal([_s.ReportId], proxyList.Select(d => d.GetProperty("report_id").GetInt64()));
        Assert.Empty(openForShop);
        Assert.Equal([other.ReportId], openOther.Select(d => d.GetProperty("report_id").GetInt64()));
        Assert.Equal(HttpStatusCode.Forbidden, merchantAsksOther.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
    }

    private async Task<List<JsonElement>> ListAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync("/api/v1/disputes" + query);
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.GetRawText());
        return [.. body.GetProperty("list").EnumerateArray()];
    }

    private async Task<JsonElement> ActAsync(HttpClient client, string action, HttpStatusCode expected, string? note = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/v1/disputes/{_s.ReportId}/actions", new { action, note });
        var body = await JsonAsync(response);
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {body.GetRawText()}");
        return body;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, long reportId)
    {
        using var response = await client.GetAsync($"/api/v1/disputes/{reportId}");
        response.EnsureSuccessStatusCode();
        return await JsonAsync(response);
    }

    private HttpClient Bearer(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private async Task<IReadOnlyList<RoomMessage>> StoredAsync()
    {
        var rooms = _app.Services.GetRequiredService<IRoomStore>();
        return await rooms.ReadRangeAsync(_s.OrderSn, 1, await rooms.LastSeqAsync(_s.OrderSn, CancellationToken.None), CancellationToken.None);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
