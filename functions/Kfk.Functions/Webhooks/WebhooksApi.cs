using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Kfk.Azure.Webhooks;
using Kfk.Core.Common;
using Kfk.Core.Webhooks;
using Kfk.Functions.Hosting;
using Kfk.Functions.Platform;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kfk.Functions.Webhooks;

/// <summary>
/// <c>/api/v1/webhooks</c>: the platform's event subscriptions (API key only), their test <c>ping</c>, secret rotation,
/// and their deliveries (the dead-lettered ones with <c>?status=failed</c>) with replay. docs/webhooks.md describes it all.
/// </summary>
public static partial class WebhooksApi
{
    public const int MaxEvents = 20;
    public const int DefaultDeliveryPage = 50;
    public const int MaxDeliveryPage = 100;

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks").RequirePlatformApiKey();
        group.MapGet("/", List).WithName("ListWebhooks").WithSummary("List webhook endpoints").WithDescription("The platform's webhook subscriptions.");
        group.MapPost("/", Create).WithName("CreateWebhook").WithSummary("Subscribe a webhook endpoint").WithDescription("The secret is shown once, in this answer.");
        group.MapGet("/{id}", Get).WithName("GetWebhook").WithSummary("Read a webhook endpoint").WithDescription("Without its secret.");
        group.MapPatch("/{id}", Update).WithName("UpdateWebhook").WithSummary("Change a webhook endpoint").WithDescription("Only the fields sent change.");
        group.MapDelete("/{id}", Delete).WithName("DeleteWebhook").WithSummary("Delete a webhook endpoint").WithDescription("Answers 204.");
        group.MapPost("/{id}/secret", RotateSecret).WithName("RotateWebhookSecret")
            .WithSummary("Rotate a webhook endpoint's secret")
            .WithDescription("A new secret, shown once; the previous one keeps signing (both signatures) for 24 hours.");
        group.MapPost("/{id}/test", Test).WithName("TestWebhook").WithSummary("Send a test event")
            .WithDescription("Queues a ping event to this endpoint.");
        group.MapGet("/{id}/deliveries", ListDeliveries).WithName("ListWebhookDeliveries").WithSummary("List an endpoint's recent deliveries").WithDescription("The endpoint's recent deliveries and their outcome.");
        group.MapPost("/{id}/deliveries/{delivery_id}/replay", Replay).WithName("ReplayWebhookDelivery").WithSummary("Deliver a past event again").WithDescription("Queues the delivery again; answers 202.");
        return group;
    }

    public static async Task<Ok<WebhookListResponse>> List(IWebhookStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return TypedResults.Ok(new WebhookListResponse([.. (await store.ListAsync(cancellationToken)).OrderBy(s => s.CreatedAt).Select(s => WebhookResponse.From(s, now))]));
    }

    public static async Task<Results<Created<WebhookResponse>, ProblemHttpResult>> Create(
        CreateWebhookRequest body, IWebhookStore store, WebhookOptions options, UnreadInterest unreadInterest, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var url = await CheckUrlAsync(body.Url, options, cancellationToken);
        if (!url.IsSuccess)
        {
            return url.Error.ToProblem();
        }
        if (CheckEvents(body.Events) is { } invalid)
        {
            return invalid.ToProblem();
        }
        if ((await store.ListAsync(cancellationToken)).Count >= options.MaxSubscriptions)
        {
            return Error.Conflict("too_many_webhooks", $"At most {options.MaxSubscriptions} webhooks; delete one first.").ToProblem();
        }
        var now = time.GetUtcNow();
        var subscription = new WebhookSubscription("wh_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), url.Value.AbsoluteUri,
            Distinct(body.Events!), body.Enabled ?? true, WebhookSecrets.New(), null, null, now, now);
        await store.SaveAsync(subscription, cancellationToken);
        unreadInterest.Forget();
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", WebhookResponse.From(subscription, now, withSecret: true));
    }

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Get(string id, IWebhookStore store, TimeProvider time, CancellationToken cancellationToken) =>
        await FindAsync(id, store, cancellationToken) is { } subscription
            ? TypedResults.Ok(WebhookResponse.From(subscription, time.GetUtcNow()))
            : NotFound(id);

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> Update(
        string id, UpdateWebhookRequest body, IWebhookStore store, WebhookOptions options, UnreadInterest unreadInterest, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        var url = body.Url is null ? new Uri(subscription.Url) : await CheckUrlAsync(body.Url, options, cancellationToken);
        if (!url.IsSuccess)
        {
            return url.Error.ToProblem();
        }
        if (body.Events is not null && CheckEvents(body.Events) is { } invalid)
        {
            return invalid.ToProblem();
        }
        var now = time.GetUtcNow();
        var updated = subscription with
        {
            Url = url.Value.AbsoluteUri,
            Events = body.Events is null ? subscription.Events : Distinct(body.Events),
            Enabled = body.Enabled ?? subscription.Enabled,
            UpdatedAt = now,
        };
        await store.SaveAsync(updated, cancellationToken);
        unreadInterest.Forget();
        return TypedResults.Ok(WebhookResponse.From(updated, now));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(string id, IWebhookStore store, CancellationToken cancellationToken) =>
        IsSubscriptionId(id) && await store.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> RotateSecret(
        string id, IWebhookStore store, WebhookOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        var now = time.GetUtcNow();
        var rotated = subscription with
        {
            Secret = WebhookSecrets.New(),
            PreviousSecret = subscription.Secret,
            PreviousSecretExpiresAt = now + options.SecretRotationOverlap,
            UpdatedAt = now,
        };
        await store.SaveAsync(rotated, cancellationToken);
        return TypedResults.Ok(WebhookResponse.From(rotated, now, withSecret: true));
    }

    public static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> Test(
        string id, IWebhookStore store, WebhookPublisher publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, cancellationToken) is not { } subscription)
        {
            return NotFound(id);
        }
        var now = time.GetUtcNow();
        var ping = WebhookEvent.Of(WebhookEventTypes.Ping, Guid.NewGuid().ToString("N"), now, null, $$"""{"webhook_id":"{{subscription.Id}}"}""");
        await publisher.DeliverToAsync(subscription.Id, ping, cancellationToken);
        var delivery = await store.FindDeliveryAsync(subscription.Id, ping.Id, cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/{subscription.Id}/deliveries", DeliveryResponse.From(delivery!));
    }

    public static async Task<Results<Ok<DeliveryListResponse>, ProblemHttpResult>> ListDeliveries(
        string id, string? status, int? limit, IWebhookStore store, CancellationToken cancellationToken)
    {
        if (status is not null && !DeliveryStatus.IsKnown(status))
        {
            return Error.Validation("invalid_status", "status must be pending, succeeded or failed.", "status").ToProblem();
        }
        if (limit is not null and (< 1 or > MaxDeliveryPage))
        {
            return Error.Validation("invalid_limit", $"limit must be 1-{MaxDeliveryPage}.", "limit").ToProblem();
        }
        if (await FindAsync(id, store, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var deliveries = await store.ListDeliveriesAsync(id, status, limit ?? DefaultDeliveryPage, cancellationToken);
        return TypedResults.Ok(new DeliveryListResponse([.. deliveries.Select(DeliveryResponse.From)]));
    }

    public static async Task<Results<Accepted<DeliveryResponse>, ProblemHttpResult>> Replay(
        string id, string delivery_id, IWebhookStore store, WebhookDeliverer deliverer, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, store, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var replayed = EventIdPattern().IsMatch(delivery_id) ? await deliverer.ReplayAsync(id, delivery_id, cancellationToken) : null;
        return replayed is null
            ? Error.NotFound("delivery_not_found", $"Webhook {id} has no delivery {delivery_id}.").ToProblem()
            : TypedResults.Accepted($"/api/v1/webhooks/{id}/deliveries", DeliveryResponse.From(replayed));
    }

    private static async Task<Result<Uri>> CheckUrlAsync(string? url, WebhookOptions options, CancellationToken cancellationToken)
    {
        var checkedUrl = EndpointGuard.CheckUrl(url, options);
        if (!checkedUrl.IsSuccess)
        {
            return checkedUrl;
        }
        return await EndpointGuard.CheckResolvedAsync(checkedUrl.Value, options, cancellationToken) is { } refused ? refused : checkedUrl;
    }

    private static Error? CheckEvents(IReadOnlyList<string>? events)
    {
        if (events is null || events.Count is 0 or > MaxEvents)
        {
            return Error.Validation("invalid_events", $"events must list 1-{MaxEvents} event types (or \"*\").", "events");
        }
        return events.FirstOrDefault(e => e != WebhookEventTypes.All && !WebhookEventTypes.Subscribable.Contains(e)) is { } unknown
            ? Error.Validation("unknown_event", $"Unknown event type '{(unknown.Length > 40 ? unknown[..40] : unknown)}'; see docs/webhooks.md.", "events")
            : null;
    }

    private static IReadOnlyList<string> Distinct(IReadOnlyList<string> events) => [.. events.Distinct(StringComparer.Ordinal)];

    private static async Task<WebhookSubscription?> FindAsync(string id, IWebhookStore store, CancellationToken cancellationToken) =>
        IsSubscriptionId(id) ? await store.FindAsync(id, cancellationToken) : null;

    private static bool IsSubscriptionId(string id) => SubscriptionIdPattern().IsMatch(id);

    private static ProblemHttpResult NotFound(string id) =>
        Error.NotFound("webhook_not_found", $"Webhook {(id.Length > 40 ? id[..40] : id)} does not exist.").ToProblem();

    [GeneratedRegex("^wh_[0-9a-f]{16}$")]
    private static partial Regex SubscriptionIdPattern();

    [GeneratedRegex("^evt_[0-9a-f]{24}$")]
    private static partial Regex EventIdPattern();
}
