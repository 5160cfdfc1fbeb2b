namespace Kfk.Core.Webhooks;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";

    /// <summary>Dead-lettered: no 2xx within the retry window. Listed, and can be replayed.</summary>
    public const string Failed = "failed";

    public static bool IsKnown(string? status) => status is Pending or Succeeded or Failed;
}

/// <summary>One event for one subscription, with what its last attempt got (status, error, the start of the response body).</summary>
public sealed record WebhookDelivery(
    string SubscriptionId,
    string EventId,
    string Type,
    string Body,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? FirstAttemptAt = null,
    DateTimeOffset? LastAttemptAt = null,
    int? LastStatusCode = null,
    string? LastError = null,
    string? LastResponseExcerpt = null);

/// <summary>The queue message that asks for an attempt: which subscription, which event.</summary>
public sealed record DeliveryTicket(string SubscriptionId, string EventId);

/// <summary>What one POST got.</summary>
public sealed record SendOutcome(bool Succeeded, int? StatusCode, string? Error, string? ResponseExcerpt);
