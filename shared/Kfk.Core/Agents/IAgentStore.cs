namespace Kfk.Core.Agents;

public interface IAgentStore
{
    /// <summary>Stores a new agent with the next id; null when the account is taken in that shop.</summary>
    Task<Agent?> CreateAsync(Func<long, Agent> create, CancellationToken cancellationToken);

    Task UpdateAsync(Agent agent, CancellationToken cancellationToken);

    Task<Agent?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Agent?> FindByAccountAsync(long shopId, string account, CancellationToken cancellationToken);

    /// <summary>The shops that have an agent with this account (accounts are unique per shop).</summary>
    Task<IReadOnlyList<long>> ShopsWithAccountAsync(string account, CancellationToken cancellationToken);

    /// <summary>A shop's agents in one partition query, by sort then id.</summary>
    Task<IReadOnlyList<Agent>> ListAsync(long shopId, CancellationToken cancellationToken);
}
