namespace Kfk.Core.Agents;

public enum AgentRole
{
    /// <summary>Serves the shop's buyers.</summary>
    Kefu,

    /// <summary>Also administers the shop's agents; an admin of shop 0 is platform staff (kfk <c>admin</c>).</summary>
    Admin,
}

/// <summary>A customer-service agent (客服) of a shop. The password is kept only as a slow hash.</summary>
public sealed record Agent(
    long Id,
    long ShopId,
    string Account,
    string Nickname,
    string? Avatar,
    int Sort,
    AgentRole Role,
    bool Disabled,
    string PasswordHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public bool IsPlatformStaff => ShopId == 0 && Role == AgentRole.Admin;
}
