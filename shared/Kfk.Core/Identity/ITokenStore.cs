namespace Kfk.Core.Identity;

/// <summary>Session tokens, kept only as their SHA-256 hash.</summary>
public interface ITokenStore
{
    Task SaveAsync(string tokenHash, StoredToken token, CancellationToken cancellationToken);

    Task<StoredToken?> FindAsync(string tokenHash, CancellationToken cancellationToken);
}
