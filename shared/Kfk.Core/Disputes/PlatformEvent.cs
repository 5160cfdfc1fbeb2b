namespace Kfk.Core.Disputes;

/// <summary>Something the platform must act on (e.g. refund an overdue dispute); kept durably until delivered.</summary>
public sealed record PlatformEvent(string Type, string Key, string Data, DateTimeOffset At);
