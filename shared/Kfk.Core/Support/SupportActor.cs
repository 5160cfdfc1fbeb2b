namespace Kfk.Core.Support;

/// <summary>
/// Who acts in a support conversation: a buyer (<see cref="Party.User"/>) or an agent (<see cref="Party.Kefu"/>) of
/// the shop, what the other side sees of them, and the legacy client code of their device when known.
/// </summary>
public sealed record SupportActor(string Role, long Id, long ShopId, string Nickname, string? Avatar, int? Client = null)
{
    public bool IsUser => Role == Party.User;

    /// <summary>The party this actor writes to.</summary>
    public string Counterpart => IsUser ? Party.Kefu : Party.User;

    public string RealtimeUserId => Party.RealtimeUserId(Role, Id);

    /// <summary>A buyer as an agent's conversation list shows them.</summary>
    public InboxUser AsInboxUser() => new(Nickname, Avatar, Client);
}
