namespace Kfk.Core.Webhooks;

/// <summary>What handling a ticket did.</summary>
public enum DeliveryResult
{
    Delivered,
    Retrying,
    DeadLettered,

    /// <summary>Not due yet (a message seen early): put back for the rest of the delay.</summary>
    Deferred,

    /// <summary>Nothing to do: the delivery or its subscription is gone, or it is no longer pending.</summary>
    Skipped,
}

/// <summary>
/// One attempt of one delivery, for the queue trigger and the standalone poller alike. A 2xx within
/// <see cref="WebhookOptions.Timeout"/> succeeds; anything else schedules the next attempt with exponential backoff (a new
/// queue message, invisible until then) until <see cref="WebhookOptions.RetryWindow"/> has passed since the first attempt,
/// then the delivery is dead-lettered. The next message is queued before the row is saved, so a crash in between repeats
/// an attempt rather than losing the delivery.
/// </summary>
public sealed class WebhookDeliverer(IWebhookStore store, IWebhookQueue queue, IWebhookSender sender, WebhookOptions options, TimeProvider time)
{
    public async Task<DeliveryResult> DeliverAsync(DeliveryTicket ticket, CancellationToken cancellationToken)
    {
        var delivery = await store.FindDeliveryAsync(ticket.SubscriptionId, ticket.EventId, cancellationToken);
        if (delivery is not { Status: DeliveryStatus.Pending })
        {
            return DeliveryResult.Skipped;
        }
        var now = time.GetUtcNow();
        if (delivery.NextAttemptAt > now)
        {
            await queue.EnqueueAsync(ticket, delivery.NextAttemptAt - now, cancellationToken);
            return DeliveryResult.Deferred;
        }
        var subscription = await store.FindAsync(ticket.SubscriptionId, cancellationToken);
        if (subscription is null)
        {
            return DeliveryResult.Skipped;
        }
        var outcome = subscription.Enabled
            ? await sender.SendAsync(new Uri(subscription.Url), subscription.SigningSecrets(now), delivery.EventId, delivery.Body, cancellationToken)
            : new SendOutcome(false, null, "subscription_disabled", null);
        var attempted = delivery with
        {
            Attempts = delivery.Attempts + 1,
            FirstAttemptAt = delivery.FirstAttemptAt ?? now,
            LastAttemptAt = now,
            LastStatusCode = outcome.StatusCode,
            LastError = outcome.Error,
            LastResponseExcerpt = outcome.ResponseExcerpt,
        };
        if (outcome.Succeeded)
        {
            await store.SaveDeliveryAsync(attempted with { Status = DeliveryStatus.Succeeded }, cancellationToken);
            return DeliveryResult.Delivered;
        }
        var delay = options.RetryDelay(attempted.Attempts);
        if (now + delay > attempted.FirstAttemptAt + options.RetryWindow)
        {
            await store.SaveDeliveryAsync(attempted with { Status = DeliveryStatus.Failed }, cancellationToken);
            return DeliveryResult.DeadLettered;
        }
        await queue.EnqueueAsync(ticket, delay, cancellationToken);
        await store.SaveDeliveryAsync(attempted with { NextAttemptAt = now + delay }, cancellationToken);
        return DeliveryResult.Retrying;
    }

    /// <summary>A dead-lettered (or any) delivery tried again from scratch: a new retry window, an attempt now.</summary>
    public async Task<WebhookDelivery?> ReplayAsync(string subscriptionId, string eventId, CancellationToken cancellationToken)
    {
        if (await store.FindDeliveryAsync(subscriptionId, eventId, cancellationToken) is not { } delivery)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var replayed = delivery with { Status = DeliveryStatus.Pending, Attempts = 0, FirstAttemptAt = null, NextAttemptAt = now };
        await store.SaveDeliveryAsync(replayed, cancellationToken);
        await queue.EnqueueAsync(new DeliveryTicket(subscriptionId, eventId), TimeSpan.Zero, cancellationToken);
        return replayed;
    }
}
