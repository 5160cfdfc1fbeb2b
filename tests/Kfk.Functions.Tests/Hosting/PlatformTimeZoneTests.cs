using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Kfk.Core.Disputes;
using Kfk.Functions.Tests.Kuaifaka;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Kfk.Functions.Tests.Likeshop;

namespace Kfk.Functions.Tests.Hosting;

/// <summary>
/// <c>Kfk:Platform:TimeZone</c> is the one zone of both protocols: set to Tokyo (UTC+9, no daylight saving, an hour
/// from the China Standard Time default), likeshop records, likeshop routes and kfk frames all write Tokyo times.
/// </summary>
public sealed class PlatformTimeZoneTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    private RealtimeStack _stack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _stack = await RealtimeStack.StartAsync(["likeshop", "kfk"],
            appSettings: new Dictionary<string, string?> { ["Kfk:Platform:TimeZone"] = "Asia/Tokyo" });
        _http = _stack.PlatformClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _stack.DisposeAsync();
    }

    [Fact]
    public async Task LikeshopRecordAndRouteTimes_AreInTheConfiguredZone()
    {
        long shopId = Random.Shared.NextInt64(1_000, 1_000_000_000), userId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await _http.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "数码店" })).EnsureSuccessStatusCode();
        (await _http.PutAsJsonAsync($"/api/v1/users/{userId}", new { nickname = "Jason", create_time = "2030-05-01T02:00:00Z" })).EnsureSuccessStatusCode();
        var kefu = await LikeshopWire.CreateKefuAsync(_http, shopId, "客服小王");
        var userToken = await LikeshopWire.UserTokenAsync(_http, userId, 6);
        using var user = await LikeshopWire.ConnectAsync(_stack, $"?token={userToken}&type=user&client=6&shop_id={shopId}");
        await LikeshopWire.SkipGreetingAsync(user);

        await LikeshopWire.SendAsync(user, new { @event = "chat", data = new { msg = "在吗", msg_type = 1, to_id = kefu.Id, to_type = "kefu" } });
        var record = (await LikeshopWire.ReceiveJsonAsync(user)).GetProperty("data");
        var info = (await LikeshopWire.KefuGetAsync(_http, $"/kefuapi/chat/userInfo?user_id={userId}", kefu.Token)).GetProperty("data");

        var sent = DateTimeOffset.FromUnixTimeSeconds(record.GetProperty("create_time_stamp").GetInt64());
        Assert.Equal(TokyoText(sent), record.GetProperty("create_time").GetString());
        Assert.Equal("2030-05-01 11:00:00", info.GetProperty("create_time").GetString());
    }

    [Fact]
    public async Task KfkReportDetailCreatedAt_IsInTheConfiguredZone()
    {
        var scenario = await KfkScenario.CreateAsync(_http);
        using var merchant = new ClientWebSocket();
        await merchant.ConnectAsync(_stack.ClientUrl("kfk"), CancellationToken.None);
        await KfkWire.LoginAsync(merchant, scenario.MerchantToken, "account", scenario.OrderSn);

        await KfkWire.SendAsync(merchant, new { type = "report_detail", order_num = scenario.OrderSn, account_id = scenario.MerchantId });
        var content = (await KfkWire.ReceiveJsonAsync(merchant)).GetProperty("data").GetProperty("content");

        var dispute = await _stack.App.Services.GetRequiredService<IDisputeStore>().FindAsync(scenario.ReportId, CancellationToken.None);
        Assert.Equal(TokyoText(dispute!.Dispute.CreatedAt), content.GetProperty("created_at").GetString());
    }

    private static string TokyoText(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, Tokyo).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
