namespace Kfk.Core.Webhooks;

public interface IWebhookStore
{
    Task<IReadOnlyList<WebhookSubscription>> ListAsync(CancellationToken cancellationToken);

    Task<WebhookSubscription?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the subscription.</summary>
    Task SaveAsync(WebhookSubscription subscription, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>Stores a new delivery; false when the subscription already has one for that event.</summary>
    Task<bool> AddDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    Task<WebhookDelivery?> FindDeliveryAsync(string subscriptionId, string eventId, CancellationToken cancellationToken);

    Task SaveDeliveryAsync(WebhookDelivery delivery, CancellationToken cancellationToken);

    /// <summary>The subscription's deliveries (optionally of one status), newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<WebhookDelivery>> ListDeliveriesAsync(string subscriptionId, string? status, int limit, CancellationToken cancellationToken);
}

/// <summary>The delivery queue: one message per attempt, visible after <c>delay</c>; and the delayed unread checks.</summary>
public interface IWebhookQueue
{
    Task EnqueueAsync(DeliveryTicket ticket, TimeSpan delay, CancellationToken cancellationToken);

    Task EnqueueAsync(UnreadCheck check, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Sends one signed POST and reports what came back.</summary>
public interface IWebhookSender
{
    Task<SendOutcome> SendAsync(Uri url, IReadOnlyList<string> secrets, string eventId, string body, CancellationToken cancellationToken);
}

/// <summary>Where producers hand events over; the implementation fans them out to the subscriptions that want them.</summary>
public interface IWebhookEvents
{
    Task PublishAsync(WebhookEvent webhookEvent, CancellationToken cancellationToken);
}
