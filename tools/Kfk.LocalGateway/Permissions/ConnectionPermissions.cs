namespace Kfk.LocalGateway.Permissions;

/// <summary>
/// A connection's two group permissions, first set from its roles: <c>webpubsub.joinLeaveGroup[.g]</c>,
/// <c>webpubsub.sendToGroup[.g]</c> and the wildcard forms <c>webpubsub.joinLeaveGroups.&lt;pattern&gt;</c> /
/// <c>webpubsub.sendToGroups.&lt;pattern&gt;</c>. Unknown roles and invalid patterns are ignored.
/// </summary>
public sealed class ConnectionPermissions
{
    public const string JoinLeaveGroupName = "joinLeaveGroup";
    public const string SendToGroupName = "sendToGroup";

    public GroupPermission JoinLeaveGroup { get; } = new();

    public GroupPermission SendToGroup { get; } = new();

    /// <summary>The permission a REST path names (case-sensitive, as the API's enum), or null.</summary>
    public GroupPermission? Named(string permission) => permission switch
    {
        JoinLeaveGroupName => JoinLeaveGroup,
        SendToGroupName => SendToGroup,
        _ => null,
    };

    public static ConnectionPermissions FromRoles(IEnumerable<string> roles)
    {
        var permissions = new ConnectionPermissions();
        foreach (var role in roles)
        {
            Apply(permissions.JoinLeaveGroup, role, $"webpubsub.{JoinLeaveGroupName}");
            Apply(permissions.SendToGroup, role, $"webpubsub.{SendToGroupName}");
        }
        return permissions;
    }

    private static void Apply(GroupPermission permission, string role, string prefix)
    {
        if (role == prefix)
        {
            permission.GrantAll();
        }
        else if (role.StartsWith(prefix + "s.", StringComparison.Ordinal))
        {
            if (GroupPattern.TryParse(role[(prefix.Length + 2)..]) is { } pattern)
            {
                permission.AddPattern(pattern);
            }
        }
        else if (role.StartsWith(prefix + ".", StringComparison.Ordinal) && role.Length > prefix.Length + 1)
        {
            permission.TryGrant(role[(prefix.Length + 1)..]);
        }
    }
}
