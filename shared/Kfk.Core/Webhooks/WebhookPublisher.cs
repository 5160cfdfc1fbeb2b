namespace Kfk.Core.Webhooks;

/// <summary>
/// Fans an event out: one delivery row and one queue message per subscription that wants it. The delivery row is keyed
/// by the event id, so publishing the same event again (a retry, a sweep) adds nothing for a subscription that has it,
/// except a new queue message when it is still waiting for its first attempt (the earlier one may have been lost).
/// </summary>
public sealed class WebhookPublisher(IWebhookStore store, IWebhookQueue queue, TimeProvider time) : IWebhookEvents
{
    public async Task PublishAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        foreach (var subscription in await store.ListAsync(cancellationToken))
        {
            if (subscription.Wants(webhookEvent.Type))
            {
                await DeliverToAsync(subscription.Id, webhookEvent, cancellationToken);
            }
        }
    }

    /// <summary>One subscription, whatever its event filter (the <c>ping</c> of its test endpoint).</summary>
    public async Task DeliverToAsync(string subscriptionId, WebhookEvent webhookEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var delivery = new WebhookDelivery(subscriptionId, webhookEvent.Id, webhookEvent.Type, webhookEvent.ToBody(), DeliveryStatus.Pending, 0, now, now);
        if (!await store.AddDeliveryAsync(delivery, cancellationToken))
        {
            var existing = await store.FindDeliveryAsync(subscriptionId, webhookEvent.Id, cancellationToken);
            if (existing is not { Status: DeliveryStatus.Pending, Attempts: 0 })
            {
                return;
            }
        }
        await queue.EnqueueAsync(new DeliveryTicket(subscriptionId, webhookEvent.Id), TimeSpan.Zero, cancellationToken);
    }
}
