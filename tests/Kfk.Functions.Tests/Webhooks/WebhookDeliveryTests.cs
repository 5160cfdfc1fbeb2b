using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>Subscriptions, signing and delivery through the real queue, against a real receiver, with the app's fake clock.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task CreatedWebhook_ShowsItsSecretOnce_AndItsPing_ArrivesSignedThroughTheQueueEnvelope()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, secret) = await stack.SubscribeAsync("dispute.opened");

        var shown = JsonDocument.Parse(await stack.Platform.GetStringAsync($"/api/v1/webhooks/{id}")).RootElement;
        var listed = JsonDocument.Parse(await stack.Platform.GetStringAsync("/api/v1/webhooks")).RootElement.GetProperty("list");
        using var test = await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null);
        var log = await stack.InvokeDeliveryAsync(await stack.TakeQueuedAsync());

        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, test.StatusCode);
        Assert.Equal("webhook delivery: delivered", log);
        var received = Assert.Single(stack.Receiver.Received);
        Assert.True(received.IsSignedWith(secret));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("ping", body.GetProperty("type").GetString());
        Assert.Equal(received.Id, body.GetProperty("id").GetString());
        Assert.Equal(id, body.GetProperty("data").GetProperty("webhook_id").GetString());
        Assert.Equal(stack.App.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        var delivery = Assert.Single((await stack.DeliveriesAsync(id)).EnumerateArray());
        Assert.Equal(received.Id, delivery.GetProperty("id").GetString());
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Equal(200, delivery.GetProperty("last_status_code").GetInt32());
    }

    [Fact]
    public async Task FailedAttempt_WaitsForItsBackoff_ThenSucceeds_WithTheSameWebhookId()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, secret) = await stack.SubscribeAsync("*");
        stack.Receiver.Answer(500);
        stack.Receiver.ResponseBody = "database is down";
        (await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null)).EnsureSuccessStatusCode();
        var ticket = await stack.TakeQueuedAsync();

        var first = await stack.InvokeDeliveryAsync(ticket);
        var afterFailure = Assert.Single((await stack.DeliveriesAsync(id)).EnumerateArray());
        var early = await stack.InvokeDeliveryAsync(ticket); // the retry message seen before its time
        stack.App.Clock.Advance(TimeSpan.FromSeconds(30));
        var retried = await stack.InvokeDeliveryAsync(ticket);

        Assert.Equal(["webhook delivery: retrying", "webhook delivery: deferred", "webhook delivery: delivered"], new[] { first, early, retried });
        Assert.Equal("pending", afterFailure.GetProperty("status").GetString());
        Assert.Equal(500, afterFailure.GetProperty("last_status_code").GetInt32());
        Assert.Equal("database is down", afterFailure.GetProperty("last_response_excerpt").GetString());
        Assert.Equal(stack.App.Clock.GetUtcNow(), afterFailure.GetProperty("next_attempt_at").GetDateTimeOffset());
        Assert.Equal(2, stack.Receiver.Received.Count);
        Assert.Single(stack.Receiver.Received.Select(r => r.Id).Distinct());
        Assert.All(stack.Receiver.Received, r => Assert.True(r.IsSignedWith(secret)));
        Assert.Equal("succeeded", Assert.Single((await stack.DeliveriesAsync(id)).EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task EndpointThatDoesNotAnswerWithinTenSeconds_IsAFailedAttempt()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, _) = await stack.SubscribeAsync("*");
        stack.Receiver.Answer(0); // hold the request
        (await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null)).EnsureSuccessStatusCode();

        var attempt = stack.InvokeDeliveryAsync(await stack.TakeQueuedAsync());
        await stack.Receiver.Held.WaitAsync(TimeSpan.FromSeconds(30));
        stack.App.Clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal("webhook delivery: retrying", await attempt.WaitAsync(TimeSpan.FromSeconds(30)));
        var delivery = Assert.Single((await stack.DeliveriesAsync(id)).EnumerateArray());
        Assert.Equal("timeout", delivery.GetProperty("last_error").GetString());
        Assert.False(delivery.TryGetProperty("last_status_code", out _));
    }

    [Fact]
    public async Task DeliveryWithoutA2xxFor24Hours_IsDeadLettered_ListedAsFailed_AndCanBeReplayed()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, secret) = await stack.SubscribeAsync("*");
        stack.Receiver.ResponseBody = "gone fishing";
        (await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null)).EnsureSuccessStatusCode();
        var ticket = await stack.TakeQueuedAsync();
        var started = stack.App.Clock.GetUtcNow();

        var results = new List<string>();
        for (var attempt = 0; attempt < 40 && !results.Contains("webhook delivery: dead_lettered"); attempt++)
        {
            stack.Receiver.Answer(503);
            results.Add(await stack.InvokeDeliveryAsync(ticket));
            var pending = (await stack.DeliveriesAsync(id, "pending")).EnumerateArray().ToList();
            if (pending.Count == 1)
            {
                stack.App.Clock.SetUtcNow(pending[0].GetProperty("next_attempt_at").GetDateTimeOffset());
            }
        }
        var failed = Assert.Single((await stack.DeliveriesAsync(id, "failed")).EnumerateArray());
        using var replay = await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/deliveries/{failed.GetProperty("id").GetString()}/replay", null);
        var replayed = await stack.InvokeDeliveryAsync(await stack.TakeQueuedAsync());

        Assert.Equal("webhook delivery: dead_lettered", results[^1]);
        Assert.All(results[..^1], r => Assert.Equal("webhook delivery: retrying", r));
        Assert.InRange(stack.App.Clock.GetUtcNow() - started, TimeSpan.FromHours(18), TimeSpan.FromHours(24));
        Assert.Equal(503, failed.GetProperty("last_status_code").GetInt32());
        Assert.Equal("gone fishing", failed.GetProperty("last_response_excerpt").GetString());
        Assert.Equal(results.Count, failed.GetProperty("attempts").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("webhook delivery: delivered", replayed);
        Assert.Empty((await stack.DeliveriesAsync(id, "failed")).EnumerateArray());
        Assert.All(stack.Receiver.Received, r => Assert.True(r.IsSignedWith(secret)));
        Assert.Single(stack.Receiver.Received.Select(r => r.Id).Distinct());
    }

    [Fact]
    public async Task RotatedSecret_IsShownOnce_AndDeliveriesCarryBothSignatures_For24Hours()
    {
        await using var stack = await WebhookStack.StartAsync();
        var (id, oldSecret) = await stack.SubscribeAsync("*");

        using var rotation = await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/secret", null);
        var newSecret = JsonDocument.Parse(await rotation.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        (await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null)).EnsureSuccessStatusCode();
        await stack.InvokeDeliveryAsync(await stack.TakeQueuedAsync());
        stack.App.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        (await stack.Platform.PostAsync($"/api/v1/webhooks/{id}/test", null)).EnsureSuccessStatusCode();
        await stack.InvokeDeliveryAsync(await stack.TakeQueuedAsync());

        Assert.NotEqual(oldSecret, newSecret);
        var received = stack.Receiver.Received.ToArray();
        Assert.True(received[0].IsSignedWith(newSecret) && received[0].IsSignedWith(oldSecret));
        Assert.True(received[1].IsSignedWith(newSecret));
        Assert.False(received[1].IsSignedWith(oldSecret));
    }

    [Fact]
    public async Task NotATicket_IsCompletedAndDropped()
    {
        await using var stack = await WebhookStack.StartAsync();

        Assert.Equal("webhook delivery: not a delivery ticket, dropped", await stack.InvokeDeliveryAsync("{\"subscription_id\":\"../x\",\"event_id\":1}"));
        Assert.Equal("webhook delivery: skipped", await stack.InvokeDeliveryAsync("{\"subscription_id\":\"wh_0000000000000000\",\"event_id\":\"evt_000000000000000000000000\"}"));
    }

    [Theory]
    [InlineData("http://example.com/hook", "url_not_https")]
    [InlineData("https://127.0.0.1/hook", "url_refused")]
    [InlineData("https://localhost/hook", "url_refused")]
    [InlineData("https://169.254.169.254/latest/meta-data", "url_refused")]
    [InlineData("https://10.0.0.8/hook", "url_refused")]
    [InlineData("https://192.168.1.20/hook", "url_refused")]
    [InlineData("https://[::1]/hook", "url_refused")]
    [InlineData("https://[fd00::1]/hook", "url_refused")]
    [InlineData("ftp://example.com/hook", "url_not_https")]
    [InlineData("not a url", "invalid_url")]
    public async Task EndpointsInsideTheNetworkOrNotHttps_AreRefused_WithoutTheLocalAllowances(string url, string code)
    {
        await using var stack = await WebhookStack.StartAsync(local: false);

        using var response = await stack.Platform.PostAsJsonAsync("/api/v1/webhooks", new { url, events = new[] { "*" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadSubscriptions_AreClearErrors()
    {
        await using var stack = await WebhookStack.StartAsync();

        using var unknown = await stack.Platform.PostAsJsonAsync("/api/v1/webhooks", new { url = stack.Receiver.Url, events = new[] { "order.paid" } });
        using var none = await stack.Platform.PostAsJsonAsync("/api/v1/webhooks", new { url = stack.Receiver.Url, events = Array.Empty<string>() });
        using var missing = await stack.Platform.GetAsync("/api/v1/webhooks/wh_0123456789abcdef");
        using var badStatus = await stack.Platform.GetAsync("/api/v1/webhooks/wh_0123456789abcdef/deliveries?status=lost");
        using var anonymous = await stack.App.CreateClient().GetAsync("/api/v1/webhooks");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
