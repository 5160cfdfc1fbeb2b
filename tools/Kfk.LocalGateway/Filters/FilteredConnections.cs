using Kfk.LocalGateway.Connections;

namespace Kfk.LocalGateway.Filters;

public static class FilteredConnections
{
    /// <summary>The connections a filter selects; all of them without a filter.</summary>
    public static IEnumerable<GatewayConnection> Matching(this IEnumerable<GatewayConnection> connections, ConnectionFilter? filter, ConnectionRegistry registry) =>
        filter is null
            ? connections
            : connections.Where(c => filter.Matches(new FilterSubject(c.ConnectionId, c.UserId, () => registry.GroupsOf(c))));
}
