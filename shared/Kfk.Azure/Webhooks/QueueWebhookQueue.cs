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

    public Task EnqueueAsync(DeliveryTicket ticket, TimeSpan delay, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(Write(ticket), delay <= TimeSpan.Zero ? null : delay > MaxDelay ? MaxDelay : delay, cancellationToken: cancellationToken);

    public const string UnreadCheckKind = "unread-check";

    public Task EnqueueAsync(UnreadCheck check, TimeSpan delay, CancellationToken cancellationToken) =>
        _queue.SendMessageAsync(Write(check), delay <= TimeSpan.Zero ? null : delay > MaxDelay ? MaxDelay : delay, cancellationToken: cancellationToken);

    public static string Write(UnreadCheck check)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("kind", UnreadCheckKind);
            json.WriteString("conversation", check.Conversation);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The unread check in a message's text; null when the text is not one.</summary>
    public static UnreadCheck? ReadUnreadCheck(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("kind", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == UnreadCheckKind
                && root.TryGetProperty("conversation", out var conversation) && conversation.ValueKind == JsonValueKind.String
                && conversation.GetString() is { } key && new UnreadCheck(key) is var check && (check.IsChat(out _, out _) || check.IsRoom(out _))
                    ? check
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string Write(DeliveryTicket ticket)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("subscription_id", ticket.SubscriptionId);
            json.WriteString("event_id", ticket.EventId);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The ticket in a message's text; null when the text is not one (it is dropped, never retried).</summary>
    public static DeliveryTicket? Read(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 4096)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("subscription_id", out var subscription) && subscription.ValueKind == JsonValueKind.String
                && root.TryGetProperty("event_id", out var eventId) && eventId.ValueKind == JsonValueKind.String
                && subscription.GetString() is { } s && IsKey(s) && eventId.GetString() is { } e && IsKey(e)
                    ? new DeliveryTicket(s, e)
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Ids Kfk makes (wh_…, evt_…): safe as table keys.
    private static bool IsKey(string value) => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
