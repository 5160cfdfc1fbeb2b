using Kfk.Core.PlatformData;

namespace Kfk.Core.Webhooks;

/// <summary>Settings of <c>Kfk:Webhooks</c> (README lists them).</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Kfk:Webhooks";

    /// <summary>Lets endpoints use plain <c>http</c>; for local use only (production: https only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Lets endpoints resolve to loopback, link-local or private addresses; for local use only (SSRF otherwise).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>A delivery succeeds on a 2xx within this time.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; each next one doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>After this long since its first attempt a delivery that never got a 2xx is dead-lettered.</summary>
    public TimeSpan RetryWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Standalone (no Functions host): poll the queues in-process. Off under the Functions host, whose queue triggers do it.</summary>
    public bool InProcessPoller { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The key that protects stored signing secrets; when empty it is derived from <c>Kfk:Platform:ApiKey</c>.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The default delay of <c>message.unread</c>; a shop can set its own.</summary>
    public TimeSpan UnreadAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The delay of <c>message.unread</c> for <paramref name="shop"/>: its own setting, else <see cref="UnreadAfter"/>.</summary>
    public TimeSpan UnreadAfterFor(Shop? shop) => shop?.UnreadAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : UnreadAfter;

    public int MaxSubscriptions { get; set; } = 20;

    public TimeSpan RetryDelay(int attempts)
    {
        var doubled = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(doubled, MaxRetryDelay.TotalSeconds));
    }
}
