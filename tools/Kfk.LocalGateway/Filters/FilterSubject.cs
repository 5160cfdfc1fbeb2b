namespace Kfk.LocalGateway.Filters;

/// <summary>What a filter can see of a connection. Groups are looked up only if the filter asks for them.</summary>
public sealed class FilterSubject(string connectionId, string? userId, Func<IEnumerable<string>> groups)
{
    private IReadOnlySet<string>? _groups;

    public string ConnectionId { get; } = connectionId;

    public string? UserId { get; } = userId;

    /// <summary>Group names match case-insensitively, like every string comparison of a filter.</summary>
    public IReadOnlySet<string> Groups => _groups ??= new HashSet<string>(groups(), StringComparer.OrdinalIgnoreCase);
}
