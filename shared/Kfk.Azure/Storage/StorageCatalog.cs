namespace Kfk.Azure.Storage;

/// <summary>
/// Every table, blob container and queue Kfk uses. Features add their own names at registration
/// (<see cref="StorageServiceCollectionExtensions.AddStorageTable"/> and friends); the provisioner creates them all at
/// start-up so that no request path ever creates storage.
/// </summary>
public sealed class StorageCatalog
{
    private readonly SortedSet<string> _tables = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _containers = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _queues = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Tables => _tables;

    public IReadOnlyCollection<string> Containers => _containers;

    public IReadOnlyCollection<string> Queues => _queues;

    public void AddTable(string name)
    {
        // Table names: 3-63 alphanumeric characters, starting with a letter.
        if (name.Length is < 3 or > 63 || !char.IsAsciiLetter(name[0]) || !name.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"'{name}' is not a valid table name.", nameof(name));
        }
        _tables.Add(name);
    }

    public void AddContainer(string name)
    {
        EnsureDnsName(name, "container");
        _containers.Add(name);
    }

    public void AddQueue(string name)
    {
        EnsureDnsName(name, "queue");
        _queues.Add(name);
    }

    // Containers and queues: 3-63 lower-case letters, digits and single hyphens, starting and ending alphanumeric.
    private static void EnsureDnsName(string name, string kind)
    {
        var valid = name.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && !name.Contains("--", StringComparison.Ordinal);
        if (!valid)
        {
            throw new ArgumentException($"'{name}' is not a valid {kind} name.", nameof(name));
        }
    }
}
