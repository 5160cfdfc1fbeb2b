using System.Globalization;
using System.Text.Json.Nodes;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;
using Kfk.Core.Webhooks;

namespace Kfk.Core.Disputes;

public sealed record OpenDisputeRequest(string OrderSn, string Amount, string Reason, string? CustomerContact, string? CustomerPhone);

/// <summary>
/// The dispute lifecycle: open (with the opening system message), the actions, and the SLA check. Every transition is
/// stored as a system message (type "4") in the order's room and delivered live to everyone in it, and raises its
/// <c>dispute.*</c> webhook event: stored with the change in one transaction (the store's outbox), published right after,
/// and by <see cref="PublishPendingEventsAsync"/> when a crash came in between. A retried transition is refused by the
/// rules or the version check, so each event exists once per dispute (its id derives from type and report id).
/// </summary>
public sealed class DisputeService(
    IDisputeStore disputes,
    IRoomStore rooms,
    IPlatformDataStore platform,
    IRoomNotifier notifier,
    DisputeOptions options,
    TimeProvider time,
    IWebhookEvents? webhooks = null,
    IWebhookResources? resources = null)
{
    /// <summary>Outbox events younger than this are left to the request that raised them.</summary>
    public static readonly TimeSpan OutboxGrace = TimeSpan.FromMinutes(1);

    public const string OverdueEventType = "dispute.overdue";
    public const int MaxNoteLength = 200;
    private const int MaxUpdateAttempts = 5;

    public async Task<Result<Dispute>> OpenAsync(OpenDisputeRequest request, CancellationToken cancellationToken)
    {
        if (await platform.FindOrderAsync(request.OrderSn, cancellationToken) is not { } order)
        {
            return Error.Validation("order_not_found", $"Order {request.OrderSn} does not exist; the platform upserts it first.", "order_sn");
        }
        var now = time.GetUtcNow();
        // The store builds the event once the dispute has its id; the same event goes to the outbox and to PublishAsync.
        var raise = Raise(WebhookEventTypes.DisputeOpened);
        WebhookEvent? opened = null;
        var (created, existing) = await disputes.CreateAsync(id => new Dispute(
            id, order.Sn, order.ShopId, order.ProxyShopId, order.TopProxyShopId, request.Amount, request.Reason,
            request.CustomerContact, request.CustomerPhone, now, now + options.Sla, UpdatedAt: now),
            raise is null ? null : dispute => opened = raise(dispute), cancellationToken);
        if (created is null)
        {
            return Error.Conflict("dispute_open", $"Order {request.OrderSn} already has an open dispute (report_id {existing}).");
        }
        var opening = options.OpeningMessage
            .Replace("{order_query_url}", options.OrderQueryUrl.Replace("{order_sn}", order.Sn, StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("{order_sn}", order.Sn, StringComparison.Ordinal);
        await PostSystemMessageAsync(order.Sn, opening, cancellationToken);
        await PublishAsync(created.ReportId, opened, cancellationToken);
        return created;
    }

    public async Task<Result<Dispute>> ActAsync(long reportId, DisputeAction action, DisputeActor actor, string? note, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await disputes.FindAsync(reportId, cancellationToken) is not { } stored)
            {
                return Error.NotFound("dispute_not_found", $"Dispute {reportId} does not exist.");
            }
            if (!DisputeRules.MayAct(stored.Dispute, actor, action))
            {
                return Error.Forbidden("not_allowed", $"This caller may not {action.ToString().ToLowerInvariant()} dispute {reportId}.");
            }
            var next = DisputeRules.Apply(stored.Dispute, action, time.GetUtcNow());
            if (!next.IsSuccess)
            {
                return next;
            }
            var raised = Raise(EventType(action))?.Invoke(next.Value);
            if (await disputes.UpdateAsync(next.Value, stored.Version, raised, cancellationToken))
            {
                var text = ActionMessage(action);
                await PostSystemMessageAsync(next.Value.OrderSn, string.IsNullOrWhiteSpace(note) ? text : $"{text}（{note.Trim()}）", cancellationToken);
                await PublishAsync(reportId, raised, cancellationToken);
                return next;
            }
            if (attempt == MaxUpdateAttempts)
            {
                return Error.Conflict("concurrent_update", $"Dispute {reportId} is being changed by someone else; try again.");
            }
        }
    }

    /// <summary>
    /// Marks every open dispute past its due time overdue, once: the system message is stored and delivered and an
    /// <see cref="OverdueEventType"/> event is recorded for the platform (it refunds the buyer). Safe to run concurrently.
    /// </summary>
    public async Task<int> MarkOverdueAsync(CancellationToken cancellationToken)
    {
        var marked = 0;
        var now = time.GetUtcNow();
        foreach (var reportId in await disputes.DueForOverdueAsync(now, cancellationToken))
        {
            if (await disputes.FindAsync(reportId, cancellationToken) is not { } stored || !DisputeRules.IsDueForOverdue(stored.Dispute, now))
            {
                continue;
            }
            var overdue = stored.Dispute with { Overdue = true, UpdatedAt = now };
            var raised = Raise(WebhookEventTypes.DisputeOverdue)?.Invoke(overdue);
            if (!await disputes.UpdateAsync(overdue, stored.Version, raised, cancellationToken))
            {
                continue; // another run or an action got there first; the next run looks again
            }
            await PostSystemMessageAsync(overdue.OrderSn, options.OverdueMessage, cancellationToken);
            var data = new JsonObject
            {
                ["report_id"] = overdue.ReportId,
                ["order_sn"] = overdue.OrderSn,
                ["shop_id"] = overdue.ShopId,
                ["amount"] = overdue.Amount,
                ["due_at"] = overdue.DueAt.ToString("O", CultureInfo.InvariantCulture),
            }.ToJsonString();
            var recorded = new PlatformEvent(OverdueEventType, overdue.ReportId.ToString(CultureInfo.InvariantCulture), data, now);
            await disputes.RecordEventAsync(recorded, cancellationToken);
            if (await PublishAsync(overdue.ReportId, raised, cancellationToken))
            {
                await disputes.MarkPlatformEventSentAsync(recorded, cancellationToken);
            }
            marked++;
        }
        return marked;
    }

    /// <summary>
    /// The sweep: publishes outbox events a crash left unpublished, and recorded <see cref="OverdueEventType"/> rows not yet
    /// sent as webhooks (those from before webhooks existed too). Publishing twice is harmless: an event's id is stable and
    /// delivers once per subscription. Returns how many it published.
    /// </summary>
    public async Task<int> PublishPendingEventsAsync(CancellationToken cancellationToken)
    {
        if (webhooks is null || resources is null)
        {
            return 0;
        }
        var published = 0;
        foreach (var entry in await disputes.UnpublishedEventsAsync(time.GetUtcNow() - OutboxGrace, cancellationToken))
        {
            await webhooks.PublishAsync(entry.Event, cancellationToken);
            await disputes.MarkPublishedAsync(entry.ReportId, entry.Event.Type, cancellationToken);
            published++;
        }
        foreach (var recorded in await disputes.UnsentPlatformEventsAsync(cancellationToken))
        {
            if (recorded.Type == OverdueEventType && long.TryParse(recorded.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var reportId)
                && await disputes.FindAsync(reportId, cancellationToken) is { } stored)
            {
                await webhooks.PublishAsync(WebhookEvent.Of(WebhookEventTypes.DisputeOverdue, recorded.Key, recorded.At, stored.Dispute.ShopId,
                    resources.Dispute(stored.Dispute, time.GetUtcNow())), cancellationToken);
                published++;
            }
            await disputes.MarkPlatformEventSentAsync(recorded, cancellationToken);
        }
        return published;
    }

    /// <summary>The event a change raises, or null when webhooks are off (no host resources).</summary>
    private Func<Dispute, WebhookEvent>? Raise(string type) =>
        webhooks is null || resources is null
            ? null
            : dispute => WebhookEvent.Of(type, dispute.ReportId.ToString(CultureInfo.InvariantCulture), dispute.UpdatedAt ?? time.GetUtcNow(),
                dispute.ShopId, resources.Dispute(dispute, time.GetUtcNow()));

    /// <summary>Hands the stored event over and clears it from the outbox; on failure the sweep does it later.</summary>
    private async Task<bool> PublishAsync(long reportId, WebhookEvent? raised, CancellationToken cancellationToken)
    {
        if (raised is null || webhooks is null)
        {
            return false;
        }
        try
        {
            await webhooks.PublishAsync(raised, cancellationToken);
            await disputes.MarkPublishedAsync(reportId, raised.Type, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return false; // the outbox keeps it; PublishPendingEventsAsync sends it
        }
    }

    private static string EventType(DisputeAction action) => action switch
    {
        DisputeAction.Handle => WebhookEventTypes.DisputeHandled,
        DisputeAction.Refund => WebhookEventTypes.DisputeRefunded,
        DisputeAction.Finish => WebhookEventTypes.DisputeFinished,
        _ => WebhookEventTypes.DisputeWithdrawn,
    };

    /// <summary>Stores a system message (type "4") in the room, then delivers it to everyone there.</summary>
    public async Task<RoomMessage> PostSystemMessageAsync(string orderSn, string text, CancellationToken cancellationToken)
    {
        var stored = await rooms.AppendAsync(new RoomMessage(0, orderSn, RoomSender.System, "sys", text, "text", time.GetUtcNow()), cancellationToken);
        await notifier.MessageAsync(stored, originConnectionId: null, cancellationToken);
        return stored;
    }

    private string ActionMessage(DisputeAction action) => action switch
    {
        DisputeAction.Handle => options.HandledMessage,
        DisputeAction.Refund => options.RefundedMessage,
        DisputeAction.Finish => options.FinishedMessage,
        _ => options.WithdrawnMessage,
    };
}
