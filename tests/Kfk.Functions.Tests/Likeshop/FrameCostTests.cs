using System.Net.WebSockets;
using System.Text.Json;
using Kfk.Testing;
using static Kfk.Functions.Tests.Likeshop.LikeshopWire;

namespace Kfk.Functions.Tests.Likeshop;

/// <summary>
/// The budgets of the likeshop frames besides <c>chat</c>, on a warm instance, as table transactions / table reads / Web
/// PubSub REST calls, with the conversation-list (<c>ShopInbox</c>) transactions counted apart: an agent's <c>read</c>
/// 1 / 2 / 1 (its list row written behind); a <c>transfer</c> 1 / 10 / 3 plus the list move (1) (one read lists the webhook subscriptions for
/// <c>conversation.transferred</c>); a buyer's arrival
/// (<c>connect</c>, <c>connected</c> and its <c>user_online</c> frame pushed to its agent) 1 / 6 / 3 plus the list row (1).
/// A list flush of other pending rows may fall into a window. Counted, not timed; runs alone (the counters are process-wide).
/// </summary>
[Collection(nameof(CostCounters))]
public sealed class FrameCostTests
{
    [Fact]
    public async Task Read_Transfer_AndABuyersArrival_StayWithinTheirBudgets()
    {
        await using var stack = await CostCounters.StartStackAsync("likeshop");
        using var http = stack.PlatformClient();
        var (shopId, userId) = await CreateShopAndBuyerAsync(http);
        var (kefuA, tokenA) = await CreateKefuAsync(http, shopId, "客服甲");
        var (kefuB, tokenB) = await CreateKefuAsync(http, shopId, "客服乙");
        var userToken = await UserTokenAsync(http, userId, 6);
        using var agentA = await ConnectAsync(stack, $"?token={tokenA}&type=kefu&client=5&shop_id={shopId}");
        using var agentB = await ConnectAsync(stack, $"?token={tokenB}&type=kefu&client=5&shop_id={shopId}");
        await SkipGreetingAsync(agentA, agentB);
        var user = await ConnectAsync(stack, $"?token={userToken}&type=user&client=6&shop_id={shopId}");
        await SkipGreetingAsync(user);
        await SendAsync(user, new { @event = "chat", data = new { msg = "在吗", msg_type = 1, to_id = kefuA, to_type = "kefu" } });
        await ReceiveUntilAsync(agentA, "chat");
        // Warm-up of each frame: the first of each reads what later ones find cached.
        await ReadAsync(agentA, user, userId, shopId);
        await TransferAsync(agentA, agentB, user, userId, kefuB);
        await TransferAsync(agentB, agentA, user, userId, kefuA);
        user = await ReconnectAsync(stack, user, agentA, kefuA, userToken, shopId);

        await SendAsync(user, new { @event = "chat", data = new { msg = "还在吗", msg_type = 1, to_id = kefuA, to_type = "kefu" } });
        await ReceiveUntilAsync(agentA, "chat");
        var read = await CostAsync(http, () => ReadAsync(agentA, user, userId, shopId));
        var transfer = await CostAsync(http, () => TransferAsync(agentA, agentB, user, userId, kefuB));
        var arrival = await CostAsync(http, async () => user = await ReconnectAsync(stack, user, agentB, kefuB, userToken, shopId), disconnectFirst: () => CloseAsync(user, agentB));

        Assert.Equal((1, 2, 1), (read.Transactions, read.Reads, read.RestCalls));
        Assert.Equal((1, 10, 3), (transfer.Transactions, transfer.Reads, transfer.RestCalls));
        Assert.InRange(transfer.ListTransactions, 1, 2); // the move itself, and maybe the read's row written behind
        Assert.Equal((1, 6, 3), (arrival.Transactions, arrival.Reads, arrival.RestCalls));
        Assert.InRange(arrival.ListTransactions, 1, 2); // the agent's list row touched, and maybe a pending row written behind
        user.Dispose();
    }

    /// <summary>An agent's read: no answer, the user is told.</summary>
    private static async Task ReadAsync(ClientWebSocket agent, ClientWebSocket user, long userId, long shopId)
    {
        await SendAsync(agent, new { @event = "read", data = new { user_id = userId, shop_id = shopId } });
        await ReceiveUntilAsync(user, "read");
    }

    private static async Task TransferAsync(ClientWebSocket from, ClientWebSocket to, ClientWebSocket user, long userId, long toKefu)
    {
        await SendAsync(from, new { @event = "transfer", data = new { user_id = userId, kefu_id = toKefu } });
        await ReceiveUntilAsync(from, "transfer");
        await ReceiveUntilAsync(to, "transfer");
        await ReceiveUntilAsync(user, "transfer");
    }

    private static async Task CloseAsync(ClientWebSocket user, ClientWebSocket agent)
    {
        await user.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await ReceiveUntilAsync(agent, "user_online");
    }

    /// <summary>The buyer page's arrival: connect, then <c>user_online</c> naming its agent, which gets the list row.</summary>
    private static async Task<ClientWebSocket> ReconnectAsync(RealtimeStack stack, ClientWebSocket old, ClientWebSocket agent, long kefuId, string token, long shopId)
    {
        if (old.State == WebSocketState.Open)
        {
            await CloseAsync(old, agent);
        }
        old.Dispose();
        var user = await ConnectAsync(stack, $"?token={token}&type=user&client=6&shop_id={shopId}");
        await SkipGreetingAsync(user);
        await SendAsync(user, new { @event = "user_online", data = new { kefu_id = kefuId } });
        await ReceiveUntilAsync(agent, "user_online");
        return user;
    }

    /// <summary>The frames until the first of <paramref name="eventName"/> (others, e.g. a notice, are skipped).</summary>
    private static async Task<JsonElement> ReceiveUntilAsync(ClientWebSocket client, string eventName)
    {
        while (true)
        {
            var frame = await ReceiveJsonAsync(client);
            if (frame.GetProperty("event").GetString() == eventName)
            {
                return frame;
            }
        }
    }

    private static async Task<(long Transactions, long Reads, long RestCalls, long ListTransactions)> CostAsync(HttpClient http, Func<Task> action, Func<Task>? disconnectFirst = null)
    {
        if (disconnectFirst is not null)
        {
            await disconnectFirst();
        }
        var before = await CostCounters.ReadAsync(http);
        await action();
        return CostCounters.Growth(before, await CostCounters.ReadAsync(http));
    }
}
