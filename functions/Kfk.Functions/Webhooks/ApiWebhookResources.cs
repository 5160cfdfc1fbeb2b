using System.Text.Json;
using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Webhooks;
using Kfk.Functions.Agents;
using Kfk.Functions.Disputes;
using Kfk.Functions.Hosting;

namespace Kfk.Functions.Webhooks;

/// <summary>Event data in the native API's shapes and JSON (snake_case), from the same contracts the routes answer with.</summary>
public sealed class ApiWebhookResources : IWebhookResources
{
    public string Dispute(Dispute dispute, DateTimeOffset now) =>
        JsonSerializer.Serialize(DisputeResponse.From(dispute, now), ApiJsonContext.Default.DisputeResponse);

    public string Agent(Agent agent) => JsonSerializer.Serialize(AgentResponse.From(agent), ApiJsonContext.Default.AgentResponse);
}
