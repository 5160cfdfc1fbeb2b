using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kfk.Functions.FunctionsHost;

/// <summary>
/// The JSON envelope the Functions host POSTs to <c>/{FunctionName}</c> for non-HTTP triggers (queue, timer).
/// Member names are PascalCase on the wire.
/// </summary>
public sealed class FunctionInvocation
{
    public Dictionary<string, JsonElement> Data { get; init; } = [];

    public Dictionary<string, JsonElement> Metadata { get; init; } = [];

    /// <summary>
    /// The text of a queue message bound as <paramref name="bindingName"/>. The host JSON-encodes string trigger
    /// values a second time (<c>"\"…\""</c>), so a string that is itself a JSON string is unwrapped once.
    /// </summary>
    public string? QueueMessageText(string bindingName)
    {
        if (!Data.TryGetValue(bindingName, out var value))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            return value.GetRawText();
        }
        var text = value.GetString()!;
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            try
            {
                return JsonSerializer.Deserialize(text, FunctionsHostJsonContext.Default.String) ?? text;
            }
            catch (JsonException)
            {
                return text;
            }
        }
        return text;
    }
}

/// <summary>The handler's answer. The host completes the invocation only on a 2xx with a JSON object body.</summary>
public sealed class FunctionResult
{
    public Dictionary<string, object?> Outputs { get; init; } = [];

    public List<string> Logs { get; init; } = [];

    public object? ReturnValue { get; init; }

    public static FunctionResult Completed(params string[] logs) => new() { Logs = [.. logs] };
}

/// <summary>The envelopes' JSON: PascalCase member names, nulls written. Generated code, no reflection.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FunctionInvocation))]
[JsonSerializable(typeof(FunctionResult))]
[JsonSerializable(typeof(string))]
internal sealed partial class FunctionsHostJsonContext : JsonSerializerContext;
