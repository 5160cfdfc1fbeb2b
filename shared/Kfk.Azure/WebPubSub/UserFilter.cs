namespace Kfk.Azure.WebPubSub;

/// <summary>The service's OData filter that selects the connections of some users (a quote inside an id is written twice).</summary>
public static class UserFilter
{
    public static string AnyOf(IReadOnlyList<string> userIds)
    {
        if (userIds.Count == 0)
        {
            throw new ArgumentException("At least one user id is needed.", nameof(userIds));
        }
        return $"userId in ({string.Join(',', userIds.Select(id => $"'{id.Replace("'", "''", StringComparison.Ordinal)}'"))})";
    }
}
