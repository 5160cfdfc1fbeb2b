using Kfk.Core.Agents;
using Kfk.Core.Disputes;

namespace Kfk.Core.Webhooks;

/// <summary>The JSON of a resource as the native API shows it (the host renders it with its API contracts), for event data.</summary>
public interface IWebhookResources
{
    string Dispute(Dispute dispute, DateTimeOffset now);

    string Agent(Agent agent);
}

/// <summary>An event a store keeps next to the state change that raised it (same transaction) until it is published.</summary>
public sealed record OutboxEntry(long ReportId, WebhookEvent Event);
