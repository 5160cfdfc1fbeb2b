namespace Kfk.LocalGateway.Configuration;

/// <summary>The stand-in's settings (section "Gateway" of gateway.json, overridable by Gateway__… variables).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    public int Port { get; set; } = 8080;

    /// <summary>The endpoint clients and servers use (http://host:port). Empty: http://127.0.0.1:{Port}.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Access keys; the first one signs generated tokens, all of them sign upstream requests.</summary>
    public List<string> AccessKeys { get; set; } = [];

    public int KeepAliveSeconds { get; set; } = 20;

    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>What a failed custom event from a PubSub client does: "close" (the docs) or "ack" (the emulator).</summary>
    public string CustomEventFailure { get; set; } = "close";

    /// <summary>REST tokens: compare only the path of <c>aud</c> (for reverse proxies) instead of the whole URL.</summary>
    public bool LenientRestAudience { get; set; }

    /// <summary>Replaces the app URL in every hub's URL template (run.sh and tests point the gateway at their app).</summary>
    public string? Upstream { get; set; }

    public Dictionary<string, HubSettings> Hubs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Uri EndpointUri => new(string.IsNullOrWhiteSpace(Endpoint) ? $"http://127.0.0.1:{Port}" : Endpoint.TrimEnd('/'));

    public HubSettings? FindHub(string hub) => Hubs.TryGetValue(hub, out var settings) ? settings : null;
}

public sealed class HubSettings
{
    public bool AnonymousConnect { get; set; }

    public List<EventHandlerSettings> EventHandlers { get; set; } = [];

    /// <summary>The first handler whose system events or user event pattern covers the event.</summary>
    public EventHandlerSettings? HandlerFor(string eventName, bool isSystem) =>
        EventHandlers.FirstOrDefault(h => isSystem
            ? h.SystemEvents.Contains(eventName, StringComparer.OrdinalIgnoreCase)
            : h.MatchesUserEvent(eventName));
}

public sealed class EventHandlerSettings
{
    public string UrlTemplate { get; set; } = "";

    /// <summary><c>*</c>, a comma-separated list, or one name.</summary>
    public string UserEventPattern { get; set; } = "";

    public List<string> SystemEvents { get; set; } = [];

    public bool MatchesUserEvent(string eventName) =>
        UserEventPattern.Trim() == "*"
        || UserEventPattern.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains(eventName, StringComparer.Ordinal);
}
