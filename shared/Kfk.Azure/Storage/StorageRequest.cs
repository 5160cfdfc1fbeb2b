namespace Kfk.Azure.Storage;

public enum StorageService
{
    Tables,
    Blobs,
    Queues,
}

public enum StorageRequestKind
{
    /// <summary>A point read or one page of a query on a table's entities.</summary>
    TableRead,

    /// <summary>An entity write (insert, update, merge, upsert, delete) or an entity group transaction (<c>$batch</c>).</summary>
    TableTransaction,

    /// <summary>A request about tables rather than entities: create, list or delete tables, service properties, ACLs.</summary>
    TableService,

    BlobOperation,

    QueueOperation,
}

/// <summary>One storage request as the metrics count it: its kind and the table, container or queue it targets.</summary>
public readonly record struct StorageRequest(StorageRequestKind Kind, string Resource);
