namespace Kfk.Core.Identity;

/// <summary>Session tokens, kept only as their SHA-256 hash.</summary>
public interface ITokenStore
{
    Task SaveAsync(string tokenHash, StoredToken token, CancellationToken cancellationToken);

    Task<StoredToken?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    Task DeleteAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Deletes every session of an agent (logout everywhere, disabling).</summary>
    Task DeleteAllForAgentAsync(long kefuId, CancellationToken cancellationToken);
}
