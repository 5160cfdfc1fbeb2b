using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kfk.Core.Common;

/// <summary>
/// The one reader of client frames for both dialects. Any input yields a JSON object that is safe to read with
/// <see cref="JsonNode"/> accessors, or null: bounded depth, no trailing content, unique keys in every object (a duplicate
/// would throw on access), every key and string valid UTF-16 (a lone surrogate or invalid UTF-8 would throw when read).
/// </summary>
public static class SafeJson
{
    public const int MaxDepth = 16;

    public static JsonObject? ParseObject(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            using var document = JsonDocument.ParseValue(ref reader);
            if (reader.Read() || document.RootElement.ValueKind != JsonValueKind.Object || !IsReadable(document.RootElement))
            {
                return null;
            }
            return JsonObject.Create(document.RootElement.Clone());
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Reads every key and string once (they throw here, not later) and refuses duplicate keys.</summary>
    private static bool IsReadable(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!names.Add(property.Name) || !IsReadable(property.Value))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsReadable(item))
                    {
                        return false;
                    }
                }
                return true;
            case JsonValueKind.String:
                return element.GetString() is not null;
            default:
                return true;
        }
    }
}
