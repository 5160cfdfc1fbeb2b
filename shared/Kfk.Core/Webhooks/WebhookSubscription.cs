namespace Kfk.Core.Webhooks;

/// <summary>
/// A platform endpoint that receives events. <see cref="Secret"/> signs every delivery; after a rotation the
/// <see cref="PreviousSecret"/> signs too until <see cref="PreviousSecretExpiresAt"/>, so receivers can switch without a gap.
/// </summary>
public sealed record WebhookSubscription(
    string Id,
    string Url,
    IReadOnlyList<string> Events,
    bool Enabled,
    string Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool Wants(string type) => Enabled && (Events.Contains(WebhookEventTypes.All) || Events.Contains(type));

    /// <summary>The secrets that sign a delivery at <paramref name="now"/>: the current one, and the previous one while it is valid.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];
}
