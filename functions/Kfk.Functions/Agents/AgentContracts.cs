using Kfk.Core.Agents;

namespace Kfk.Functions.Agents;

public sealed record CreateAgentRequest(long? ShopId, string? Account, string? Password, string? Nickname, string? Avatar, int? Sort, string? Role);

public sealed record UpdateAgentRequest(string? Nickname, string? Avatar, int? Sort, string? Password, bool? Disabled);

/// <summary>An agent on the wire: never the password hash. <c>Online</c> counts live connections (presence).</summary>
public sealed record AgentResponse(long Id, long ShopId, string Account, string Nickname, string? Avatar, int Sort, string Role, bool Disabled,
    bool Online, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AgentResponse From(Agent agent, bool online = false) => new(agent.Id, agent.ShopId, agent.Account, agent.Nickname, agent.Avatar,
        agent.Sort, agent.Role == AgentRole.Admin ? "admin" : "kefu", agent.Disabled, online, agent.CreatedAt, agent.UpdatedAt);
}

public sealed record AgentListResponse(IReadOnlyList<AgentResponse> List);
