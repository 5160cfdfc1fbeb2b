using System.Text.Json;
using Kfk.Core.Realtime;

namespace Kfk.Functions.Realtime;

/// <summary>
/// A short name for a client frame, for logs, metrics and span names only: the top-level <c>event</c> (likeshop) or
/// <c>type</c> (kfk) string of a JSON frame, when it is a plain lower-case word; else the user event's name. Reads the
/// top level only and stops at the first match, so a large or hostile frame costs little and never throws.
/// </summary>
public static class FrameLabel
{
    private const int MaxLength = 32;

    public static string Of(string hub, string eventName, ReadOnlySpan<byte> frame)
    {
        var property = string.Equals(hub, HubNames.Kfk, StringComparison.OrdinalIgnoreCase) ? "type"u8 : "event"u8;
        if (IsBareWord(frame.Trim(" \r\n\t"u8)))
        {
            return "ping"; // the kfk hub's bare heartbeat
        }
        try
        {
            var reader = new Utf8JsonReader(frame, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return Word(eventName);
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var match = reader.ValueTextEquals(property);
                reader.Read();
                if (match && reader.TokenType == JsonTokenType.String)
                {
                    return Word(reader.GetString());
                }
                reader.Skip();
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string or name with a lone surrogate or invalid UTF-8 (GetString, ValueTextEquals).
        }
        return Word(eventName);
    }

    private static bool IsBareWord(ReadOnlySpan<byte> frame) => frame.SequenceEqual("ping"u8);

    private static string Word(string? value) =>
        value is { Length: > 0 and <= MaxLength } && value.All(c => c is (>= 'a' and <= 'z') or '_' or (>= '0' and <= '9')) ? value : "other";
}
