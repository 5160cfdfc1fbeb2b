using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Kfk.Azure.Webhooks;
using Kfk.Core.Webhooks;
using Kfk.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Kfk.Functions.Tests.Webhooks;

/// <summary>The standalone poller against its own Azurite, with a store that fails on one subscription's tickets.</summary>
public sealed class WebhookDeliveryPollerTests
{
    [Fact]
    public async Task AFailingMessage_IsLeftForItsLease_AndTheRestOfItsBatchIsHandled()
    {
        await using var azurite = await Azurite.StartAsync();
        var queue = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(QueueWebhookQueue.QueueName);
        await queue.CreateIfNotExistsAsync();
        // Queued before the app starts, the failing one first, so that the poller receives them as one batch in this order.
        await queue.SendMessageAsync(QueueWebhookQueue.Write(new DeliveryTicket(FailingStore.FailingSubscription, "evt_0")));
        var others = Enumerable.Range(1, 3).Select(i => new DeliveryTicket("whk_fine", $"evt_{i}")).ToList();
        foreach (var ticket in others)
        {
            await queue.SendMessageAsync(QueueWebhookQueue.Write(ticket));
        }
        var store = new FailingStore(others.Count);

        await using var app = new KfkApp(azurite.ConnectionString, new Dictionary<string, string?> { ["Kfk:Webhooks:InProcessPoller"] = "true" },
            services => services.AddSingleton<IWebhookStore>(store));
        _ = app.Services;
        // Bounded by the test, well within the one-minute lease the others would wait if the failure stopped the batch.
        await store.AllOthersLookedUp.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(others.Select(ticket => ticket.EventId).Order(), store.LookedUp.Where(ticket => ticket.SubscriptionId == "whk_fine").Select(ticket => ticket.EventId).Order());
        Assert.Contains(store.LookedUp, ticket => ticket.SubscriptionId == FailingStore.FailingSubscription);
        // The handled ones are deleted (just after their lookups), the failing one stays queued, invisible for its lease.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await queue.GetPropertiesAsync(deadline.Token)).Value.ApproximateMessagesCount > 1)
        {
            await Task.Delay(100, deadline.Token);
        }
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Null((await queue.ReceiveMessageAsync()).Value);
    }

    /// <summary>Finds no delivery (the ticket is skipped and deleted) except for one subscription, whose lookups throw.</summary>
    private sealed class FailingStore(int others) : IWebhookStore
    {
        public const string FailingSubscription = "whk_failing";

        public ConcurrentQueue<DeliveryTicket> LookedUp { get; } = new();

        public TaskCompletionSource AllOthersLookedUp { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<WebhookDelivery?> FindDeliveryAsync(string subscriptionId, string eventId, CancellationToken cancellationToken)
        {
            LookedUp.Enqueue(new DeliveryTicket(subscriptionId, eventId));
            if (subscriptionId == FailingSubscription)
            {
                throw new InvalidOperationException("The store failed on this one.");
            }
            if (LookedUp.Count(ticket => ticket.SubscriptionId != FailingSubscription) == others)
            {
                AllOthersLookedUp.TrySetResult();
            }
            return Task.FromResult<WebhookDelivery?>(null);
        }

        public Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WebhookSubscription>>([]);

        public Task<WebhookSubscription?> FindAsync(string id, CancellationToken cancellationToken) => Task.FromResult<WebhookSubscription?>(null);

        public Task SaveAsync(WebhookSubscription subscription, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? status, int limit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }
}
