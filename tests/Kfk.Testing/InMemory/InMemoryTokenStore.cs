using System.Collections.Concurrent;
using Kfk.Core.Identity;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="ITokenStore"/> in memory, by token hash.</summary>
public sealed class InMemoryTokenStore : ITokenStore
{
    private readonly ConcurrentDictionary<string, StoredToken> _tokens = new(StringComparer.Ordinal);

    public Task SaveAsync(string tokenHash, StoredToken token, CancellationToken cancellationToken)
    {
        _tokens[tokenHash] = token;
        return Task.CompletedTask;
    }

    public Task<StoredToken?> FindAsync(string tokenHash, CancellationToken cancellationToken) => Task.FromResult(_tokens.GetValueOrDefault(tokenHash));

    public Task DeleteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        _tokens.TryRemove(tokenHash, out _);
        return Task.CompletedTask;
    }

    public Task DeleteAllForAgentAsync(long kefuId, CancellationToken cancellationToken)
    {
        foreach (var (hash, token) in _tokens)
        {
            if (token.Principal is { Kind: PrincipalKind.Kefu or PrincipalKind.Admin } principal && principal.KefuId == kefuId)
            {
                _tokens.TryRemove(hash, out _);
            }
        }
        return Task.CompletedTask;
    }
}
