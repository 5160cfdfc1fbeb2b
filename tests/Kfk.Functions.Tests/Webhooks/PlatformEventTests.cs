using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Kfk.Core.Disputes;
using Kfk.Core.Webhooks;
using Kfk.Functions.Tests.Kuaifaka;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>The events the app produces, delivered to a real receiver: each once, whatever is retried.</summary>
public sealed class PlatformEventTests
{
    private const string TimerEnvelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},
         "Metadata":{"sys":{"MethodName":"DisputeSla","UtcNow":"2031-05-18T15:30:00Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
        """;

    [Fact]
    public async Task EveryDisputeTransition_EmitsItsEventExactlyOnce_EvenWhenRetried()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, secret) = await stack.SubscribeAsync("*");
        var refunded = await KfkScenario.CreateAsync(stack.Platform);
        var withdrawn = await KfkScenario.CreateAsync(stack.Platform);
        var overdue = await KfkScenario.CreateAsync(stack.Platform);

        foreach (var action in new[] { "handle", "handle", "refund", "refund", "finish", "finish" })
        {
            using var _ = await stack.Platform.PostAsJsonAsync($"/api/v1/disputes/{refunded.ReportId}/actions", new { action });
        }
        for (var i = 0; i < 2; i++)
        {
            using var _ = await stack.Platform.PostAsJsonAsync($"/api/v1/disputes/{withdrawn.ReportId}/actions", new { action = "withdraw" });
        }
        foreach (var report in new[] { refunded.ReportId, withdrawn.ReportId })
        {
            using var _ = await stack.Platform.PostAsJsonAsync($"/api/v1/disputes/{report}/actions", new { action = "finish" });
        }
        stack.App.Clock.Advance(TimeSpan.FromHours(37));
        await InvokeSlaAsync(stack);
        await InvokeSlaAsync(stack);
        foreach (var ticket in await stack.TakeAllQueuedAsync())
        {
            Assert.Equal("webhook delivery: delivered", await stack.InvokeDeliveryAsync(ticket));
        }

        var events = stack.Receiver.Received.Select(r => (Received: r, Body: JsonDocument.Parse(r.Body).RootElement)).ToList();
        Assert.All(events, e => Assert.True(e.Received.IsSignedWith(secret)));
        string[] Types(long report) => [.. events.Where(e => e.Body.GetProperty("data").GetProperty("report_id").GetInt64() == report)
            .Select(e => e.Body.GetProperty("type").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(["dispute.finished", "dispute.handled", "dispute.opened", "dispute.refunded"], Types(refunded.ReportId));
        Assert.Equal(["dispute.opened", "dispute.withdrawn"], Types(withdrawn.ReportId));
        Assert.Equal(["dispute.opened", "dispute.overdue"], Types(overdue.ReportId));
        var overdueEvent = events.Single(e => e.Body.GetProperty("type").GetString() == "dispute.overdue").Body;
        Assert.Equal(overdue.MerchantId, overdueEvent.GetProperty("shop_id").GetInt64());
        Assert.True(overdueEvent.GetProperty("data").GetProperty("overdue").GetBoolean());
        Assert.Equal(overdue.OrderSn, overdueEvent.GetProperty("data").GetProperty("order_sn").GetString());
        Assert.Equal(events.Count, events.Select(e => e.Received.Id).Distinct().Count());
        Assert.Equal(events.Count, (await stack.DeliveriesAsync(id, "succeeded")).GetArrayLength());
    }

    [Fact]
    public async Task EventLeftInTheOutboxByACrash_IsPublishedOnceByTheSweep_AsArePendingOverdueRows()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, _) = await stack.SubscribeAsync("dispute.handled", "dispute.overdue");
        var crashed = await KfkScenario.CreateAsync(stack.Platform);
        var legacy = await KfkScenario.CreateAsync(stack.Platform);
        var store = stack.App.Services.GetRequiredService<IDisputeStore>();
        var resources = stack.App.Services.GetRequiredService<IWebhookResources>();
        // The transition is stored with its event, then the process "dies" before publishing it.
        var stored = (await store.FindAsync(crashed.ReportId, CancellationToken.None))!;
        var handled = stored.Dispute with { Handled = true, UpdatedAt = stack.App.Clock.GetUtcNow() };
        var raised = WebhookEvent.Of("dispute.handled", crashed.ReportId.ToString(CultureInfo.InvariantCulture), stack.App.Clock.GetUtcNow(),
            handled.ShopId, resources.Dispute(handled, stack.App.Clock.GetUtcNow()));
        Assert.True(await store.UpdateAsync(handled, stored.Version, raised, CancellationToken.None));
        // A pending overdue row as the SLA check recorded them before webhooks existed.
        await store.RecordEventAsync(new PlatformEvent(DisputeService.OverdueEventType, legacy.ReportId.ToString(CultureInfo.InvariantCulture),
            "{}", stack.App.Clock.GetUtcNow()), CancellationToken.None);

        stack.App.Clock.Advance(TimeSpan.FromMinutes(2));
        await InvokeSlaAsync(stack);
        await InvokeSlaAsync(stack);
        foreach (var ticket in await stack.TakeAllQueuedAsync())
        {
            await stack.InvokeDeliveryAsync(ticket);
        }

        var bodies = stack.Receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Contains(bodies, b => b.GetProperty("id").GetString() == raised.Id && b.GetProperty("data").GetProperty("report_id").GetInt64() == crashed.ReportId);
        Assert.Contains(bodies, b => b.GetProperty("type").GetString() == "dispute.overdue" && b.GetProperty("data").GetProperty("report_id").GetInt64() == legacy.ReportId);
        Assert.Empty(await store.UnpublishedEventsAsync(DateTimeOffset.MaxValue, CancellationToken.None));
        Assert.Single(await store.PendingEventsAsync(CancellationToken.None)); // still there for the platform's own pull
        Assert.Equal(2, (await stack.DeliveriesAsync(id)).GetArrayLength());
    }

    [Fact]
    public async Task DisablingAnAgent_EmitsAgentDisabled_OnceWhenTheRequestIsRetried()
    {
        await using var stack = await WebhookStack.StartAsync();
        await stack.SubscribeAsync("agent.disabled");
        var shopId = Random.Shared.NextInt64(1_000, 1_000_000_000);
        (await stack.Platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "店" })).EnsureSuccessStatusCode();
        using var created = await stack.Platform.PostAsJsonAsync("/api/v1/kefu", new { shop_id = shopId, account = "agent" + Guid.NewGuid().ToString("N")[..8], password = "secret-pass-1", nickname = "客服" });
        var kefuId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();

        for (var i = 0; i < 3; i++)
        {
            stack.App.Clock.Advance(TimeSpan.FromMinutes(1));
            (await stack.Platform.PatchAsJsonAsync($"/api/v1/kefu/{kefuId}", new { disabled = true })).EnsureSuccessStatusCode();
        }
        foreach (var ticket in await stack.TakeAllQueuedAsync())
        {
            await stack.InvokeDeliveryAsync(ticket);
        }

        var body = JsonDocument.Parse(Assert.Single(stack.Receiver.Received).Body).RootElement;
        Assert.Equal("agent.disabled", body.GetProperty("type").GetString());
        Assert.Equal(shopId, body.GetProperty("shop_id").GetInt64());
        Assert.Equal(kefuId, body.GetProperty("data").GetProperty("id").GetInt64());
        Assert.True(body.GetProperty("data").GetProperty("disabled").GetBoolean());
    }

    private static async Task InvokeSlaAsync(WebhookStack stack)
    {
        using var client = stack.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/DisputeSla") { Content = new StringContent(TimerEnvelope, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Test-Remote-Address", "127.0.0.1");
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
