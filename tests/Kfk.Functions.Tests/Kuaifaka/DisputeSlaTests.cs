using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kfk.Core.Disputes;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Kuaifaka;

/// <summary>
/// The SLA check with a fake clock. Moving the clock past the due time would mark every open dispute in storage
/// overdue, so each test has an Azurite of its own.
/// </summary>
public sealed class DisputeSlaTests
{
    private const string TimerEnvelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"DisputeSla","UtcNow":"2031-05-18T15:30:00Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;

    [Fact]
    public async Task TimerFunction_MarksAnOpenDisputeOverdueOnce_AfterTheSla_AndRecordsThePlatformEvent()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = new KfkApp(azurite.ConnectionString, new Dictionary<string, string?> { ["Kfk:Disputes:InProcessSlaTimer"] = "false" });
        using var platform = PlatformClient(app);
        var open = await KfkScenario.CreateAsync(platform);
        var finished = await KfkScenario.CreateAsync(platform);
        await ActAsync(platform, finished.ReportId, "handle");
        await ActAsync(platform, finished.ReportId, "finish");

        app.Clock.Advance(TimeSpan.FromHours(35));
        using var early = await InvokeTimerAsync(app);
        var beforeDue = await DisputeAsync(platform, open.ReportId);
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        using var due = await InvokeTimerAsync(app);
        using var again = await InvokeTimerAsync(app);
        var overdue = await DisputeAsync(platform, open.ReportId);
        var closed = await DisputeAsync(platform, finished.ReportId);

        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.False(beforeDue.GetProperty("overdue").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, due.StatusCode);
        Assert.Matches(@"^\d+ dispute\(s\) marked overdue$", JsonDocument.Parse(await due.Content.ReadAsStringAsync()).RootElement.GetProperty("Logs")[0].GetString());
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal("投诉已经逾期", overdue.GetProperty("state").GetString());
        Assert.False(closed.GetProperty("overdue").GetBoolean());
        var stored = await StoredAsync(app, open.OrderSn);
        Assert.Equal(["如您未收到卡密", "投诉已超过处理时限"], stored.Select(m => m.Content.Split(',')[0]));
        Assert.Equal("4", stored[^1].Type);
        Assert.Single(app.Realtime.Calls, c => c.StartsWith($"group kfk room:{open.OrderSn} ", StringComparison.Ordinal) && c.Contains("投诉已超过处理时限", StringComparison.Ordinal));
        var recorded = Assert.Single(await app.Services.GetRequiredService<IDisputeStore>().PendingEventsAsync(CancellationToken.None),
            e => e.Type == DisputeService.OverdueEventType && e.Key == open.ReportId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(open.OrderSn, JsonDocument.Parse(recorded.Data).RootElement.GetProperty("order_sn").GetString());
        Assert.DoesNotContain(await StoredAsync(app, finished.OrderSn), m => m.Content.StartsWith("投诉已超过处理时限", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InProcessTimer_RunsTheSameCheck_WhenTheAppRunsStandalone()
    {
        await using var azurite = await Azurite.StartAsync();
        await using var app = new KfkApp(azurite.ConnectionString, new Dictionary<string, string?>
        {
            ["Kfk:Disputes:SlaCheckInterval"] = "00:00:10",
            ["Kfk:Disputes:InProcessSlaTimer"] = "true",
        });
        using var platform = PlatformClient(app);
        var scenario = await KfkScenario.CreateAsync(platform);

        for (var tick = 0; tick < 50 && !(await DisputeAsync(platform, scenario.ReportId)).GetProperty("overdue").GetBoolean(); tick++)
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            await Task.Delay(100);
        }

        Assert.True((await DisputeAsync(platform, scenario.ReportId)).GetProperty("overdue").GetBoolean());
        Assert.Equal("投诉已超过处理时限,平台将为买家办理退款", (await StoredAsync(app, scenario.OrderSn))[^1].Content);
    }

    private static HttpClient PlatformClient(KfkApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Kfk-Api-Key", KfkApp.ApiKey);
        return client;
    }

    private static async Task<HttpResponseMessage> InvokeTimerAsync(KfkApp app)
    {
        using var client = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/DisputeSla") { Content = new StringContent(TimerEnvelope, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Test-Remote-Address", "127.0.0.1");
        return await client.SendAsync(request);
    }

    private static async Task ActAsync(HttpClient platform, long reportId, string action)
    {
        using var response = await platform.PostAsJsonAsync($"/api/v1/disputes/{reportId}/actions", new { action });
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> DisputeAsync(HttpClient platform, long reportId) =>
        JsonDocument.Parse(await platform.GetStringAsync($"/api/v1/disputes/{reportId}")).RootElement.Clone();

    private static async Task<IReadOnlyList<RoomMessage>> StoredAsync(KfkApp app, string orderSn)
    {
        var rooms = app.Services.GetRequiredService<IRoomStore>();
        return await rooms.ReadRangeAsync(orderSn, 1, await rooms.LastSeqAsync(orderSn, CancellationToken.None), CancellationToken.None);
    }
}
