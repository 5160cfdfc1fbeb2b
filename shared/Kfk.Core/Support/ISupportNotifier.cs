using Kfk.Core.Agents;

namespace Kfk.Core.Support;

/// <summary>
/// How the support use cases reach the people concerned once a change is stored. The likeshop hub implements it in its
/// wire format; sends to people who are not connected are no-ops.
/// </summary>
public interface ISupportNotifier
{
    /// <summary>A stored chat message: to the recipient, and to the sender's connections but <paramref name="originConnectionId"/>.</summary>
    Task MessageAsync(SupportMessage message, string? originConnectionId, CancellationToken cancellationToken);

    /// <summary>A transfer: the user gets the notice and their new agent; the new agent gets the user's row of its list.</summary>
    Task TransferredAsync(SupportMessage notice, Agent target, InboxEntry row, InboxUser user, CancellationToken cancellationToken);

    /// <summary>The writer of what <paramref name="reader"/> (a party) has now read learns how far: up to <paramref name="upToSeq"/>.</summary>
    Task ReadAsync(string reader, long shopId, long userId, long kefuId, long upToSeq, CancellationToken cancellationToken);

    /// <summary>An agent learns that a buyer came online or left; <paramref name="row"/> is the agent's list row for them, if any.</summary>
    Task UserPresenceAsync(SupportActor user, long kefuId, InboxEntry? row, bool online, CancellationToken cancellationToken);

    /// <summary>The counterpart <paramref name="toId"/> learns that <paramref name="sender"/> is typing.</summary>
    Task TypingAsync(SupportActor sender, long toId, CancellationToken cancellationToken);
}
