namespace Kfk.Core.Support;

/// <summary>What the conversation list knows about the user (kept on the agent's inbox row).</summary>
public sealed record InboxUser(string Nickname, string? Avatar, int? Client);

/// <summary>
/// One row of an agent's conversation list: the user, the last message summary and whether the agent has read up to it.
/// <see cref="User"/> is null when only the agent has written so far (the caller looks the buyer up).
/// </summary>
public sealed record InboxEntry(
    long ShopId,
    long UserId,
    long LastSeq,
    string LastMsg,
    int LastMsgType,
    DateTimeOffset LastAt,
    bool ReadByKefu,
    InboxUser? User);
