using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kfk.Core.Common;

namespace Kfk.Core.Kuaifaka;

/// <summary>A client frame of the kfk dialect: <c>{"type":…,"token":…,"data":{…},…}</c>.</summary>
public sealed record KfkFrame(string Type, JsonObject Root)
{
    /// <summary>Null when the text is not a JSON object with a string <c>type</c>.</summary>
    public static KfkFrame? Parse(ReadOnlySpan<byte> utf8) =>
        SafeJson.ParseObject(utf8) is { } root && root["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String
            ? new KfkFrame(type.GetValue<string>(), root)
            : null;

    public JsonObject Data => Root["data"] as JsonObject ?? [];

    public string? Text(string field) => Text(Root, field);

    public string? DataText(string field) => Text(Data, field);

    /// <summary>A positive integer sent as a number or a string (legacy clients send both); null when absent, -1 when not one.</summary>
    public long? Number(string field) => Root[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => -1,
    };

    private static string? Text(JsonObject node, string field) => node[field] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };
}
