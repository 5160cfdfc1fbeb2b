namespace Kfk.LocalGateway.Permissions;

/// <summary>
/// One group permission (joinLeaveGroup or sendToGroup) of one connection, changeable at runtime by REST grant/revoke.
/// A group is allowed by its own literal grant or revocation if there is one, else by a matching wildcard role, else
/// by the all-groups grant. Grant/revoke without a target set or clear the permission for every group (SDK docs:
/// "If not set, grant/revoke the permission for all the targets"); with a target they only touch that group, so
/// revoking one group of an all-groups or wildcard grant leaves the other groups allowed.
/// </summary>
public sealed class GroupPermission
{
    /// <summary>Per-group exceptions a connection may hold per permission (the emulator's limit; Azure's is not documented).</summary>
    public const int MaxGroups = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _groups = new(StringComparer.Ordinal);
    private readonly List<GroupPattern> _patterns = [];
    private bool _allGroups;

    public bool Allows(string group)
    {
        lock (_gate)
        {
            return _groups.TryGetValue(group, out var allowed) ? allowed : AllowsWithoutLiteral(group);
        }
    }

    /// <summary>What a check without target answers: the permission holds for every group, with no group revoked.</summary>
    public bool AllowsEveryGroup
    {
        get
        {
            lock (_gate)
            {
                return _allGroups && !_groups.ContainsValue(false);
            }
        }
    }

    public void GrantAll() => Reset(allGroups: true);

    public void RevokeAll() => Reset(allGroups: false);

    public void AddPattern(GroupPattern pattern)
    {
        lock (_gate)
        {
            _patterns.Add(pattern);
        }
    }

    /// <summary>False when the connection already holds <see cref="MaxGroups"/> per-group exceptions.</summary>
    public bool TryGrant(string group) => TrySet(group, allowed: true);

    /// <inheritdoc cref="TryGrant"/>
    public bool TryRevoke(string group) => TrySet(group, allowed: false);

    private bool TrySet(string group, bool allowed)
    {
        lock (_gate)
        {
            // Only exceptions to the wildcard/all-groups answer are stored, so redundant calls cost nothing.
            if (AllowsWithoutLiteral(group) == allowed)
            {
                _groups.Remove(group);
                return true;
            }
            if (!_groups.ContainsKey(group) && _groups.Count >= MaxGroups)
            {
                return false;
            }
            _groups[group] = allowed;
            return true;
        }
    }

    private void Reset(bool allGroups)
    {
        lock (_gate)
        {
            _allGroups = allGroups;
            _groups.Clear();
            _patterns.Clear();
        }
    }

    private bool AllowsWithoutLiteral(string group) => _allGroups || _patterns.Any(p => p.Matches(group));
}
