using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kfk.Azure.Storage;

/// <summary>
/// How one record is kept as JSON in a table column, with source-generated metadata only (no reflection). A record that
/// is also a public HTTP contract goes through a storage row of its own, so the API and the stored rows can change apart.
/// </summary>
internal sealed class StorageCodec<T>
    where T : class
{
    private readonly Func<T, string> _write;
    private readonly Func<string, T?> _read;

    private StorageCodec(Type rowType, Func<T, string> write, Func<string, T?> read)
    {
        RowType = rowType;
        _write = write;
        _read = read;
    }

    /// <summary>The type whose JSON is stored: the record itself, or its storage row.</summary>
    public Type RowType { get; }

    public string Write(T record) => _write(record);

    /// <summary>The record stored as <paramref name="json"/>; null for the JSON literal <c>null</c>.</summary>
    public T? Read(string json) => _read(json);

    public static StorageCodec<T> Direct(JsonTypeInfo<T> info) => Through(info, record => record, row => row);

    public static StorageCodec<T> Through<TRow>(JsonTypeInfo<TRow> info, Func<T, TRow> toRow, Func<TRow, T> toRecord)
        where TRow : class =>
        new(typeof(TRow),
            record => JsonSerializer.Serialize(toRow(record), info),
            json => JsonSerializer.Deserialize(json, info) is { } row ? toRecord(row) : null);
}
