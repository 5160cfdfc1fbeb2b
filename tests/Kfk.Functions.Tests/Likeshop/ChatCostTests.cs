using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// The cost budget of a chat message on a warm instance: one table transaction, no table read, one REST call that
/// reaches the recipient and the sender's other devices together, and no queue request (the conversation's one delayed
/// unread check was written by its first message); the agent's list row is written behind, at most one
/// transaction per shop per flush interval however many messages it carries. Counted, not timed; runs alone because
/// the storage counters are process-wide.
/// </summary>
[Collection(nameof(CostCounters))]
public sealed class ChatCostTests
{
    [Fact]
    public async Task WarmChatMessages_CostOneTransaction_NoRead_AndOneRestCall_TheirListRowsOneTransactionPerFlush()
    {
        await using var stack = await CostCounters.StartStackAsync("likeshop");
        using var http = stack.PlatformClient();
        var (shopId, userId) = await CreateShopAndBuyerAsync(http);
        var (kefuId, _) = await CreateKefuAsync(http, shopId, "客服");
        using var user = await ConnectAsync(stack, $"?token={await UserTokenAsync(http, userId)}&type=user&client=6&shop_id={shopId}");
        await SkipGreetingAsync(user);
        await ChatAsync(user, kefuId, "warm-up"); // first message: reads the conversation summary and the shop, agent

        // 110 ms apart: under the 10 frames per second limit.
        var clock = Stopwatch.StartNew();
        var before = await CostCounters.ReadAsync(http);
        var cost = await CostPerMessageAsync(http, TimeSpan.FromMilliseconds(110), text => ChatAsync(user, kefuId, text));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // one more flush interval: the last rows are written
        var listTransactions = ListTransactions(await CostCounters.ReadAsync(http)) - ListTransactions(before);
        var flushIntervals = (int)Math.Ceiling(clock.Elapsed.TotalSeconds / 1.0); // Kfk:Support:InboxFlushInterval, 1 s by default

        Assert.Equal((1, 0, 1, 0), cost);
        Assert.InRange(listTransactions, 1, flushIntervals + 1);
    }

    [Fact]
    public async Task WarmDisputeRoomMessages_CostOneTransaction_NoRead_AndOneRestCall()
    {
        await using var stack = await CostCounters.StartStackAsync("kfk");
        using var http = stack.PlatformClient();
        var scenario = await Kuaifaka.KfkScenario.CreateAsync(http);
        using var buyer = new ClientWebSocket();
        using var merchant = new ClientWebSocket();
        await buyer.ConnectAsync(stack.ClientUrl("kfk"), CancellationToken.None);
        await merchant.ConnectAsync(stack.ClientUrl("kfk"), CancellationToken.None);
        await Kuaifaka.KfkWire.LoginAsync(buyer, scenario.BuyerToken, "user", scenario.OrderSn);
        await Kuaifaka.KfkWire.LoginAsync(merchant, scenario.MerchantToken, "account", scenario.OrderSn);
        await SayAsync(buyer, merchant, "warm-up");
        await Task.Delay(1_100); // a fresh second: the logins and the warm-up count towards the 5 frames per second

        // 250 ms apart: under the 5 frames per second limit.
        var cost = await CostPerMessageAsync(http, TimeSpan.FromMilliseconds(250), text => SayAsync(buyer, merchant, text));

        Assert.Equal((1, 0, 1, 0), cost);
    }

    /// <summary>
    /// Sends 20 messages <paramref name="pace"/> apart and divides the counters' growth by 20: (table transactions,
    /// table reads, Web PubSub REST calls, requests to the webhook queue) per message. A fraction means the budget is not
    /// the same for every message.
    /// </summary>
    private static async Task<(double Transactions, double Reads, double RestCalls, double QueueRequests)> CostPerMessageAsync(HttpClient http, TimeSpan pace, Func<string, Task> send)
    {
        const int messages = 20;
        var before = await CostCounters.ReadAsync(http);
        for (var i = 0; i < messages; i++)
        {
            await send($"message {i}");
            await Task.Delay(pace);
        }
        var after = await CostCounters.ReadAsync(http);
        var (transactions, reads, restCalls, _) = CostCounters.Growth(before, after); // the lists are written behind: not the message's
        return (transactions / (double)messages, reads / (double)messages, restCalls / (double)messages,
            (WebhookQueueRequests(after) - WebhookQueueRequests(before)) / (double)messages);
    }

    private static async Task SayAsync(ClientWebSocket from, ClientWebSocket to, string text)
    {
        await Kuaifaka.KfkWire.SendAsync(from, new { type = "say", data = new { content = text, type = "text" } });
        Assert.Equal(text, (await Kuaifaka.KfkWire.ReceiveJsonAsync(to)).GetProperty("data").GetProperty("content").GetString());
    }

    private static async Task ChatAsync(ClientWebSocket user, long kefuId, string text)
    {
        await SendAsync(user, new { @event = "chat", data = new { msg = text, msg_type = 1, to_id = kefuId, to_type = "kefu" } });
        Assert.Equal("chat", (await ReceiveJsonAsync(user)).GetProperty("event").GetString());
    }

    private static long ListTransactions(JsonElement counters) => CostCounters.TableTransactions(counters, CostCounters.ListTable);

    private static long WebhookQueueRequests(JsonElement counters) => CostCounters.QueueRequests(counters, Kfk.Azure.Webhooks.QueueWebhookQueue.QueueName);
}
