using System.Globalization;
using System.Text.Json.Nodes;
using Kfk.Core.Common;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Disputes;

public sealed record OpenDisputeRequest(string OrderSn, string Amount, string Reason, string? CustomerContact, string? CustomerPhone);

/// <summary>
/// The dispute lifecycle: open (with the opening system message), the actions, and the SLA check. Every transition is
/// stored as a system message (type "4") in the order's room and delivered live to everyone in it.
/// </summary>
public sealed class DisputeService(
    IDisputeStore disputes,
    IRoomStore rooms,
    IPlatformDataStore platform,
    IRoomNotifier notifier,
    DisputeOptions options,
    TimeProvider time)
{
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
        var (created, existing) = await disputes.CreateAsync(id => new Dispute(
            id, order.Sn, order.ShopId, order.ProxyShopId, order.TopProxyShopId, request.Amount, request.Reason,
            request.CustomerContact, request.CustomerPhone, now, now + options.Sla, UpdatedAt: now), cancellationToken);
        if (created is null)
        {
            return Error.Conflict("dispute_open", $"Order {request.OrderSn} already has an open dispute (report_id {existing}).");
        }
        var opening = options.OpeningMessage
            .Replace("{order_query_url}", options.OrderQueryUrl.Replace("{order_sn}", order.Sn, StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("{order_sn}", order.Sn, StringComparison.Ordinal);
        await PostSystemMessageAsync(order.Sn, opening, cancellationToken);
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
            if (await disputes.UpdateAsync(next.Value, stored.Version, cancellationToken))
            {
                var text = ActionMessage(action);
                await PostSystemMessageAsync(next.Value.OrderSn, string.IsNullOrWhiteSpace(note) ? text : $"{text}（{note.Trim()}）", cancellationToken);
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
            if (!await disputes.UpdateAsync(overdue, stored.Version, cancellationToken))
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
            await disputes.RecordEventAsync(new PlatformEvent(OverdueEventType, overdue.ReportId.ToString(CultureInfo.InvariantCulture), data, now), cancellationToken);
            marked++;
        }
        return marked;
    }

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
