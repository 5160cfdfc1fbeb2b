using Kfk.Core.Webhooks;

namespace Kfk.Functions.Webhooks;

public sealed record CreateWebhookRequest(string? Url, IReadOnlyList<string>? Events, bool? Enabled);

/// <summary>A partial update: fields left out keep their value.</summary>
public sealed record UpdateWebhookRequest(string? Url, IReadOnlyList<string>? Events, bool? Enabled);

/// <summary>
/// A subscription. <see cref="Secret"/> is present only in the answer that created it or rotated it: it is never shown again.
/// </summary>
public sealed record WebhookResponse(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    string? Secret = null)
{
    public static WebhookResponse From(WebhookSubscription s, DateTimeOffset now, bool withSecret = false) => new(
        s.Id, s.Url, s.Events, s.Enabled, s.CreatedAt, s.UpdatedAt, s.PreviousSecretExpiresAt > now ? s.PreviousSecretExpiresAt : null,
        withSecret ? s.Secret : null);
}

public sealed record WebhookListResponse(IReadOnlyList<WebhookResponse> List);

/// <summary>One event for one subscription: its id is the event's (the <c>webhook-id</c> header).</summary>
public sealed record DeliveryResponse(
    string Id,
    string Type,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    string? LastResponseExcerpt)
{
    public static DeliveryResponse From(WebhookDelivery d) => new(
        d.EventId, d.Type, d.Status, d.Attempts, d.CreatedAt, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.LastAttemptAt,
        d.LastStatusCode, d.LastError, d.LastResponseExcerpt);
}

public sealed record DeliveryListResponse(IReadOnlyList<DeliveryResponse> List);
