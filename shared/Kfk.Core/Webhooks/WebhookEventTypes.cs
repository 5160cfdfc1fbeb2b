namespace Kfk.Core.Webhooks;

/// <summary>Every event type a subscription can ask for (docs/webhooks.md shows each). <see cref="Ping"/> only goes to a tested endpoint.</summary>
public static class WebhookEventTypes
{
    public const string Ping = "ping";
    public const string MessageUnread = "message.unread";
    public const string ConversationTransferred = "conversation.transferred";
    public const string DisputeOpened = "dispute.opened";
    public const string DisputeHandled = "dispute.handled";
    public const string DisputeRefunded = "dispute.refunded";
    public const string DisputeFinished = "dispute.finished";
    public const string DisputeWithdrawn = "dispute.withdrawn";
    public const string DisputeOverdue = "dispute.overdue";
    public const string AgentDisabled = "agent.disabled";

    /// <summary>What a subscription may name (plus <c>*</c>, every type).</summary>
    public static readonly IReadOnlyList<string> Subscribable =
    [
        MessageUnread, ConversationTransferred, DisputeOpened, DisputeHandled, DisputeRefunded, DisputeFinished, DisputeWithdrawn,
        DisputeOverdue, AgentDisabled,
    ];

    public const string All = "*";
}
