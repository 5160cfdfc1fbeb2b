using System.Collections.Concurrent;
using Kfk.Core.Media;

namespace Kfk.Testing.InMemory;

/// <summary><see cref="IMediaCatalog"/> in memory: the image URLs a test says are stored.</summary>
public sealed class InMemoryMediaCatalog : IMediaCatalog
{
    private readonly ConcurrentDictionary<string, bool> _stored = new(StringComparer.Ordinal);

    public string Store(string url)
    {
        _stored[url] = true;
        return url;
    }

    public Task<bool> IsStoredImageUrlAsync(string url, CancellationToken cancellationToken) => Task.FromResult(_stored.ContainsKey(url));
}
