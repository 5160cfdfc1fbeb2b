using Kfk.Core.Agents;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IAgentStore"/> in memory: ids from 1, accounts unique per shop (case-insensitive).</summary>
public sealed class InMemoryAgentStore : IAgentStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Agent> _agents = [];

    public Task<Agent?> CreateAsync(Func<long, Agent> create, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var probe = create(0);
            if (_agents.Values.Any(a => a.ShopId == probe.ShopId && string.Equals(a.Account, probe.Account, StringComparison.OrdinalIgnoreCase)))
            {
                return Task.FromResult<Agent?>(null);
            }
            var agent = create(_agents.Count + 1);
            _agents[agent.Id] = agent;
            return Task.FromResult<Agent?>(agent);
        }
    }

    public Task UpdateAsync(Agent agent, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _agents[agent.Id] = agent;
        }
        return Task.CompletedTask;
    }

    public Task<Agent?> FindAsync(long id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_agents.GetValueOrDefault(id));
        }
    }

    public Task<Agent?> FindByAccountAsync(long shopId, string account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_agents.Values.FirstOrDefault(a => a.ShopId == shopId && string.Equals(a.Account, account, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public Task<IReadOnlyList<long>> ShopsWithAccountAsync(string account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<long> shops = [.. _agents.Values.Where(a => string.Equals(a.Account, account, StringComparison.OrdinalIgnoreCase)).Select(a => a.ShopId).Order()];
            return Task.FromResult(shops);
        }
    }

    public Task<IReadOnlyList<Agent>> ListAsync(long shopId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<Agent> agents = [.. _agents.Values.Where(a => a.ShopId == shopId).OrderBy(a => a.Sort).ThenBy(a => a.Id)];
            return Task.FromResult(agents);
        }
    }
}
