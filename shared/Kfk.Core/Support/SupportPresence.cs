using Kfk.Core.Agents;
using Kfk.Core.Common;
using Kfk.Core.Presence;
using Kfk.Core.Realtime;

namespace Kfk.Core.Support;

/// <summary>
/// Who is online in support chat, counted by connections (one device closing does not take a person offline while
/// another is open), and the agent who must know: a buyer coming online names the agent chosen for them
/// (<c>user_online</c>); when a buyer's last connection closes, the agent serving them learns it.
/// </summary>
public sealed class SupportPresence(
    ISupportStore support, IPresenceStore presence, SupportDirectory directory, ISupportNotifier notifier, TimeProvider time)
{
    /// <summary>The connection is open, or showed traffic: its presence lease starts or is renewed (one write).</summary>
    public Task ConnectedAsync(SupportActor actor, string connectionId, CancellationToken cancellationToken) =>
        presence.AddConnectionAsync(HubNames.Likeshop, actor.RealtimeUserId, connectionId, cancellationToken);

    /// <summary>
    /// Come online: the buyer names the agent chosen for them; the relation (the agent's list row) is created or
    /// refreshed and that agent learns the buyer is online. Returns the agent, who now serves the buyer.
    /// </summary>
    public async Task<Result<Agent>> ComeOnlineAsync(SupportActor user, long? kefuId, CancellationToken cancellationToken)
    {
        if (!user.IsUser)
        {
            return Error.Forbidden(SupportErrors.BuyersOnly, "Only a buyer comes online to an agent.");
        }
        var kefu = kefuId is { } id ? await directory.EnabledAgentAsync(user.ShopId, id, cancellationToken) : null;
        if (kefu is null)
        {
            return SupportErrors.AgentMissing(kefuId);
        }
        await support.TouchRelationAsync(user.ShopId, user.Id, kefu.Id, time.GetUtcNow(), user.AsInboxUser(), cancellationToken);
        await TellAgentAsync(user, kefu.Id, online: true, cancellationToken);
        return kefu;
    }

    /// <summary>
    /// The connection has closed. When it was a buyer's last, the conversation's assignee (else
    /// <paramref name="lastKnownAgent"/>, the agent the connection last wrote or came online to) learns the buyer left.
    /// </summary>
    public async Task DisconnectedAsync(SupportActor actor, string connectionId, long? lastKnownAgent, CancellationToken cancellationToken)
    {
        var remaining = await presence.RemoveConnectionAsync(HubNames.Likeshop, actor.RealtimeUserId, connectionId, cancellationToken);
        // The conversation's assignee first: a transfer cannot change what the buyer's connections remember.
        if (remaining == 0 && actor.IsUser
            && ((await support.SummaryAsync(actor.ShopId, actor.Id, cancellationToken))?.Assignee ?? lastKnownAgent) is { } kefuId)
        {
            await TellAgentAsync(actor, kefuId, online: false, cancellationToken);
        }
    }

    /// <summary>The agent gets its list row for the buyer (one point read), online or not.</summary>
    private async Task TellAgentAsync(SupportActor user, long kefuId, bool online, CancellationToken cancellationToken)
    {
        var row = await support.InboxEntryAsync(kefuId, user.ShopId, user.Id, cancellationToken);
        await notifier.UserPresenceAsync(user, kefuId, row, online, cancellationToken);
    }
}
