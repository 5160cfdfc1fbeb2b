using Kfk.Core.Agents;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;

namespace Kfk.Core.Support;

/// <summary>
/// Which agent a user talks to when they open the chat: the agent who last served them if online; otherwise the
/// online agent of the shop with the fewest active conversations (activity in the last <see cref="ActiveWindow"/>);
/// otherwise none, and the client shows the shop's manual contact card.
/// </summary>
public sealed class AgentChoice(IAgentStore agents, IPresenceStore presence, ISupportStore support, TimeProvider time)
{
    public static readonly TimeSpan ActiveWindow = TimeSpan.FromHours(24);

    public async Task<Agent?> ChooseAsync(string hub, long shopId, long userId, CancellationToken cancellationToken)
    {
        if (await support.AssigneeAsync(shopId, userId, cancellationToken) is { } lastId
            && await agents.FindAsync(lastId, cancellationToken) is { Disabled: false } last && last.ShopId == shopId
            && await presence.IsOnlineAsync(hub, RealtimeUserIds.Kefu(last.Id), cancellationToken))
        {
            return last;
        }
        Agent? best = null;
        var bestLoad = int.MaxValue;
        var since = time.GetUtcNow() - ActiveWindow;
        var enabled = (await agents.ListAsync(shopId, cancellationToken)).Where(a => !a.Disabled).ToList();
        var online = await presence.OnlineAmongAsync(hub, [.. enabled.Select(a => RealtimeUserIds.Kefu(a.Id))], cancellationToken);
        foreach (var agent in enabled.Where(a => online.Contains(RealtimeUserIds.Kefu(a.Id))))
        {
            var load = await support.CountActiveConversationsAsync(agent.ShopId, agent.Id, since, cancellationToken);
            if (load < bestLoad)
            {
                (best, bestLoad) = (agent, load);
            }
        }
        return best;
    }
}
