using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kfk.Azure.WebPubSub;

/// <summary>Web PubSub bodies are camelCase JSON with nulls omitted.</summary>
public static class WebPubSubJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
