using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kfk.Azure.Storage;
using Kfk.Azure.Webhooks;
using Kfk.Core.Disputes;
using Kfk.Core.PlatformData;
using Kfk.Core.Support;
using Kfk.Functions.Tests.Kuaifaka;
using Kfk.Functions.Tests.Likeshop;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>
/// <c>message.unread</c>: one delayed check per conversation (counted as queue requests, so the class runs alone with the
/// other cost tests), delivered by the test as the Functions host would; the app's clock is fake, the check's delay is 1 s
/// of queue visibility.
/// </summary>
[Collection(nameof(CostCounters))]
public sealed class UnreadNotificationTests
{
    private static readonly Dictionary<string, string?> OneSecond = new() { ["Kfk:Webhooks:UnreadAfter"] = "00:00:01" };

    [Fact]
    public async Task UnreadChat_EmitsOneEvent_ForSeveralMessages_EvenWhenTheCheckIsDeliveredTwice()
    {
        await using var stack = await WebhookStack.StartAsync(more: OneSecond);
        var (webhookId, secret) = await stack.SubscribeAsync("message.unread");
        var (shopId, userId, kefuId) = await ChatAsync(stack);
        var buyer = new SupportActor(Party.User, userId, shopId, "买家", null);

        var queueRequests = WebhookQueueRequests();
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(stack, buyer, kefuId, $"在吗 {i}");
            stack.App.Clock.Advance(TimeSpan.FromMilliseconds(100));
        }
        Assert.Equal(1, WebhookQueueRequests() - queueRequests);

        stack.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var check = await stack.TakeWhenVisibleAsync();
        Assert.Equal("unread check: emitted", await stack.InvokeDeliveryAsync(check));
        Assert.Equal("unread check: emitted", await stack.InvokeDeliveryAsync(check));
        foreach (var ticket in await stack.TakeAllQueuedAsync())
        {
            await stack.InvokeDeliveryAsync(ticket);
        }

        var received = Assert.Single(stack.Receiver.Received);
        Assert.True(received.IsSignedWith(secret));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("message.unread", body.GetProperty("type").GetString());
        Assert.Equal(shopId, body.GetProperty("shop_id").GetInt64());
        var data = body.GetProperty("data");
        Assert.Equal("chat", data.GetProperty("conversation").GetString());
        Assert.Equal("kefu", data.GetProperty("recipient_type").GetString());
        Assert.Equal(kefuId, data.GetProperty("recipient_id").GetInt64());
        Assert.Equal(userId, data.GetProperty("user_id").GetInt64());
        Assert.Equal(3, data.GetProperty("unread_count").GetInt32());
        Assert.Equal("在吗 2", data.GetProperty("last_message").GetProperty("msg").GetString());
        Assert.Single((await stack.DeliveriesAsync(webhookId)).EnumerateArray());

        // The conversation's check has run out: its next message schedules one more (and only one).
        queueRequests = WebhookQueueRequests();
        await SendAsync(stack, buyer, kefuId, "还在吗");
        await SendAsync(stack, buyer, kefuId, "人呢");
        Assert.Equal(1, WebhookQueueRequests() - queueRequests);
    }

    [Fact]
    public async Task ChatReadByTheAgentInTime_EmitsNothing()
    {
        await using var stack = await WebhookStack.StartAsync(more: OneSecond);
        await stack.SubscribeAsync("message.unread");
        var (shopId, userId, kefuId) = await ChatAsync(stack);
        await SendAsync(stack, new SupportActor(Party.User, userId, shopId, "买家", null), kefuId, "在吗");
        stack.App.Clock.Advance(TimeSpan.FromMilliseconds(500));
        var read = await stack.App.Services.GetRequiredService<MarkConversationRead>()
            .ExecuteAsync(new SupportActor(Party.Kefu, kefuId, shopId, "客服", null), userId, shopId, null, CancellationToken.None);
        Assert.True(read.IsSuccess);

        stack.App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("unread check: nothing_unread", await stack.InvokeDeliveryAsync(await stack.TakeWhenVisibleAsync()));

        Assert.Empty(await stack.TakeAllQueuedAsync());
        Assert.Empty(stack.Receiver.Received);
    }

    [Fact]
    public async Task DisputeRoom_NothingAfterAShopPartyReplied_OneEventForAnUnansweredBuyer()
    {
        await using var stack = await WebhookStack.StartAsync(more: OneSecond);
        await stack.SubscribeAsync("message.unread");
        var answered = await KfkScenario.CreateAsync(stack.Platform);
        var unanswered = await KfkScenario.CreateAsync(stack.Platform);
        var say = stack.App.Services.GetRequiredService<SayInRoom>();
        async Task SayAsync(RoomMember member, string text) =>
            Assert.True((await say.ExecuteAsync(member, "text", text, null, null, null, CancellationToken.None)).IsSuccess);
        static RoomMember Buyer(KfkScenario scenario) => new(scenario.OrderSn, new DisputeActor.Buyer(scenario.OrderSn), "order:" + scenario.OrderSn);

        var queueRequests = WebhookQueueRequests();
        await SayAsync(Buyer(answered), "卡密无效");
        await SayAsync(new RoomMember(answered.OrderSn, new DisputeActor.ShopAccount(answered.MerchantId), $"shop:{answered.MerchantId}", ShopRole.Merchant), "马上处理");
        await SayAsync(Buyer(unanswered), "卡密无效");
        await SayAsync(Buyer(unanswered), "请退款");
        Assert.Equal(2, WebhookQueueRequests() - queueRequests); // one check per room, none for the merchant's message

        stack.App.Clock.Advance(TimeSpan.FromSeconds(1));
        var results = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            results.Add(await stack.InvokeDeliveryAsync(await stack.TakeWhenVisibleAsync()));
        }
        foreach (var ticket in await stack.TakeAllQueuedAsync())
        {
            await stack.InvokeDeliveryAsync(ticket);
        }

        Assert.Equal(["unread check: emitted", "unread check: nothing_unread"], results.Order(StringComparer.Ordinal));
        var body = JsonDocument.Parse(Assert.Single(stack.Receiver.Received).Body).RootElement;
        Assert.Equal(unanswered.MerchantId, body.GetProperty("shop_id").GetInt64());
        var data = body.GetProperty("data");
        Assert.Equal("dispute_room", data.GetProperty("conversation").GetString());
        Assert.Equal(unanswered.OrderSn, data.GetProperty("order_sn").GetString());
        Assert.Equal(unanswered.ReportId, data.GetProperty("report_id").GetInt64());
        Assert.Equal(2, data.GetProperty("unread_count").GetInt32());
        Assert.Equal("请退款", data.GetProperty("last_message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task AShopsOwnDelay_IsASettingAnUpsertKeeps_AndTheCheckWaitsForIt()
    {
        await using var stack = await WebhookStack.StartAsync(more: OneSecond);
        await stack.SubscribeAsync("message.unread");
        var (shopId, userId, kefuId) = await ChatAsync(stack);
        await SendAsync(stack, new SupportActor(Party.User, userId, shopId, "买家", null), kefuId, "在吗"); // checked after the default 1 s

        using var tooShort = await stack.Platform.PutAsJsonAsync($"/api/v1/shops/{shopId}/customer-service", new { unread_after_seconds = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("unread_after_seconds", await tooShort.Content.ReadAsStringAsync());
        using var set = await stack.Platform.PutAsJsonAsync($"/api/v1/shops/{shopId}/customer-service", new { unread_after_seconds = 120 });
        set.EnsureSuccessStatusCode();
        (await stack.Platform.PutAsJsonAsync($"/api/v1/shops/{shopId}", new { name = "店" })).EnsureSuccessStatusCode();
        var settings = JsonDocument.Parse(await stack.Platform.GetStringAsync($"/api/v1/shops/{shopId}/customer-service")).RootElement;
        Assert.Equal(120, settings.GetProperty("unread_after_seconds").GetInt32());

        stack.App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("unread check: deferred", await stack.InvokeDeliveryAsync(await stack.TakeWhenVisibleAsync()));
        Assert.Empty(stack.Receiver.Received);

        using var reset = await stack.Platform.PutAsJsonAsync($"/api/v1/shops/{shopId}/customer-service", new { unread_after_seconds = 0 });
        Assert.False(JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement.TryGetProperty("unread_after_seconds", out _));
    }

    [Fact]
    public void UnreadCheckMessages_RoundTrip_AndForeignTextIsNoCheck()
    {
        var check = QueueWebhookQueue.ReadUnreadCheck(QueueWebhookQueue.Write(Kfk.Core.Webhooks.UnreadCheck.Chat(105, 12)));
        Assert.True(check!.IsChat(out var shop, out var user));
        Assert.Equal((105, 12), (shop, user));
        Assert.True(QueueWebhookQueue.ReadUnreadCheck(QueueWebhookQueue.Write(Kfk.Core.Webhooks.UnreadCheck.Room("kfk666")))!.IsRoom(out var room));
        Assert.Equal("kfk666", room);
        Assert.Null(QueueWebhookQueue.ReadUnreadCheck("""{"kind":"unread-check","conversation":"room:../x"}"""));
        Assert.Null(QueueWebhookQueue.ReadUnreadCheck("""{"kind":"unread-check","conversation":"s:1"}"""));
        Assert.Null(QueueWebhookQueue.ReadUnreadCheck("""{"kind":"other","conversation":"s:1:2"}"""));
        Assert.Null(QueueWebhookQueue.ReadUnreadCheck("not json"));
    }

    [Fact]
    public async Task WithNoWebhookWantingIt_ACheckThatFoundNone_StopsScheduling_UntilOneIsSubscribed()
    {
        await using var stack = await WebhookStack.StartAsync(more: OneSecond);
        await stack.SubscribeAsync("dispute.opened");
        var first = await ChatAsync(stack);
        var queueRequests = WebhookQueueRequests();
        await SendAsync(stack, new SupportActor(Party.User, first.UserId, first.ShopId, "买家", null), first.KefuId, "在吗");
        Assert.Equal(1, WebhookQueueRequests() - queueRequests);
        stack.App.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("unread check: skipped", await stack.InvokeDeliveryAsync(await stack.TakeWhenVisibleAsync()));

        var second = await ChatAsync(stack);
        queueRequests = WebhookQueueRequests();
        await SendAsync(stack, new SupportActor(Party.User, second.UserId, second.ShopId, "买家", null), second.KefuId, "在吗");
        Assert.Equal(0, WebhookQueueRequests() - queueRequests);

        await stack.SubscribeAsync("message.unread");
        var third = await ChatAsync(stack);
        queueRequests = WebhookQueueRequests();
        await SendAsync(stack, new SupportActor(Party.User, third.UserId, third.ShopId, "买家", null), third.KefuId, "在吗");
        Assert.Equal(1, WebhookQueueRequests() - queueRequests);
    }

    private static long WebhookQueueRequests() =>
        StorageMetrics.QueueRequestsByQueue.TryGetValue(QueueWebhookQueue.QueueName, out var count) ? count : 0;

    private static async Task SendAsync(WebhookStack stack, SupportActor sender, long kefuId, string text)
    {
        var sent = await stack.App.Services.GetRequiredService<SendSupportMessage>()
            .ExecuteAsync(sender, new SendMessageRequest(SupportMessageType.Text, text, kefuId, Party.Kefu, null), null, null, CancellationToken.None);
        Assert.True(sent.IsSuccess);
    }

    /// <summary>A shop, a buyer and an agent of the shop, created through the platform API.</summary>
    private static async Task<(long ShopId, long UserId, long KefuId)> ChatAsync(WebhookStack stack)
    {
        var (shopId, userId) = await LikeshopWire.CreateShopAndBuyerAsync(stack.Platform);
        using var created = await stack.Platform.PostAsJsonAsync("/api/v1/kefu",
            new { shop_id = shopId, account = "unread" + Guid.NewGuid().ToString("N")[..8], password = "secret-pass-1", nickname = "客服" });
        created.EnsureSuccessStatusCode();
        return (shopId, userId, JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64());
    }
}
