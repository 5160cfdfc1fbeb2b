using System.Buffers;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using Kfk.Core.Webhooks;

namespace Kfk.Azure.Webhooks;

/// <summary>
/// Queue <c>webhook-deliveries</c>: one message <c>{"subscription_id":…,"event_id":…}</c> per attempt, made visible
/// when the attempt is due (the retry backoff); and the unread checks, <c>{"kind":"unread-check","conversation":…}</c>,
/// visible when the conversation's first unread message is due. The Functions host moves a message that fails five times to
/// <c>webhook-deliveries-poison</c>; the standalone poller does the same.
/// </summary>
public sealed class QueueWebhookQueue(QueueServiceClient queues) : IWebhookQueue
{
    public const string QueueName = "webhook-deliveries";
    public const string PoisonQueueName = QueueName + "-poison";

    /// <summary>The longest visibility delay Storage queues accept.</summary>
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(7);

    private readonly QueueClient _queue = queues.GetQueueClient(QueueName);

    public const string UnreadCheckKind = "unread-check";

    public Task EnqueueAsync(DeliveryTicket ticket, TimeSpan delay, CancellationToken cancellationToken) => SendAsync(Write(ticket), delay, cancellationToken);

    public Task EnqueueAsync(UnreadCheck check, TimeSpan delay, CancellationToken cancellationToken) => SendAsync(Write(check), delay, cancellationToken);

    public static string Write(UnreadCheck check) => WriteObject(("kind", UnreadCheckKind), ("conversation", check.Conversation));

    public static string Write(DeliveryTicket ticket) => WriteObject(("subscription_id", ticket.SubscriptionId), ("event_id", ticket.EventId));

    /// <summary>The unread check in a message's text; null when the text is not one.</summary>
    public static UnreadCheck? ReadUnreadCheck(string? text) => ReadObject(text, root =>
        String(root, "kind") == UnreadCheckKind && String(root, "conversation") is { } key
        && new UnreadCheck(key) is var check && (check.IsChat(out _, out _) || check.IsRoom(out _))
            ? check
            : null);

    /// <summary>The ticket in a message's text; null when the text is not one (it is dropped, never retried).</summary>
    public static DeliveryTicket? Read(string? text) => ReadObject(text, root =>
        String(root, "subscription_id") is { } s && IsKey(s) && String(root, "event_id") is { } e && IsKey(e)
            ? new DeliveryTicket(s, e)
            : null);

    private Task SendAsync(string text, TimeSpan delay, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(text, delay <= TimeSpan.Zero ? null : delay > MaxDelay ? MaxDelay : delay, cancellationToken: cancellationToken);

    private static string WriteObject(params ReadOnlySpan<(string Name, string Value)> properties)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                json.WriteString(name, value);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A message's JSON object handed to <paramref name="read"/>; null for anything else (at most 4 KB is parsed).</summary>
    private static T? ReadObject<T>(string? text, Func<JsonElement, T?> read) where T : class
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : null;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string with a lone surrogate (GetString).
            return null;
        }
    }

    private static string? String(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Ids Kfk makes (wh_…, evt_…): safe as table keys.
    private static bool IsKey(string value) => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
