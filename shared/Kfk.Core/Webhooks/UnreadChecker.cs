using System.Globalization;
using System.Text.Json.Nodes;
using Kfk.Core.Disputes;
using Kfk.Core.PlatformData;
using Kfk.Core.Support;

namespace Kfk.Core.Webhooks;

/// <summary>What an unread check did.</summary>
public enum UnreadCheckResult
{
    /// <summary><c>message.unread</c> published (again, with the same id, when the check is delivered twice).</summary>
    Emitted,

    /// <summary>The recipient read everything (or answered) in time.</summary>
    NothingUnread,

    /// <summary>The oldest unread message is younger than the delay: checked again when it is due.</summary>
    Deferred,

    /// <summary>No subscription wants <c>message.unread</c>, or the conversation is unknown.</summary>
    Skipped,
}

/// <summary>
/// Runs a delayed <see cref="UnreadCheck"/> (off the hot path: a few reads). Likeshop chat: the recipient is the side the
/// conversation's last chat message went to; the messages that side's read watermark has not passed are unread. Kfk dispute
/// room: the buyer's messages after the last message of a shop party (merchant, reseller, supplier or platform staff) are
/// unread by the shop side (rooms keep no read markers; a reply counts as read). When the oldest unread message is at least
/// the shop's delay old (<see cref="WebhookOptions.UnreadAfterFor"/>; the room's shop is the order's merchant), one <c>message.unread</c> is published with the unread count and the last
/// message; its id comes from the conversation, the recipient and the last unread seq, so a check delivered twice (or run
/// by two instances) emits one event, and a new one needs a new unread message.
/// </summary>
public sealed class UnreadChecker(
    ISupportStore support, IRoomStore rooms, IDisputeStore disputes, IPlatformDataStore platform, IWebhookStore subscriptions, WebhookPublisher publisher,
    IWebhookQueue queue, WebhookOptions options, TimeProvider time, UnreadInterest interest)
{
    /// <summary>How many of a conversation's last records a check reads (the count stops there).</summary>
    public const int Window = 100;

    public async Task<UnreadCheckResult> CheckAsync(UnreadCheck check, CancellationToken cancellationToken)
    {
        var all = await subscriptions.ListAsync(cancellationToken);
        var wanting = all.Where(s => s.Wants(WebhookEventTypes.MessageUnread)).ToList();
        interest.Saw(wanting.Count > 0);
        if (wanting.Count == 0)
        {
            return UnreadCheckResult.Skipped;
        }
        Unread? unread = check.IsChat(out var shopId, out var userId) ? await ChatAsync(shopId, userId, cancellationToken)
            : check.IsRoom(out var orderSn) ? await RoomAsync(orderSn, cancellationToken)
            : null;
        if (unread is null)
        {
            return UnreadCheckResult.Skipped;
        }
        if (unread.Count == 0)
        {
            return UnreadCheckResult.NothingUnread;
        }
        var now = time.GetUtcNow();
        var due = unread.FirstUnreadAt + options.UnreadAfterFor(await platform.FindShopAsync(unread.ShopId, cancellationToken));
        if (due > now)
        {
            await queue.EnqueueAsync(check, due - now, cancellationToken);
            return UnreadCheckResult.Deferred;
        }
        var key = string.Create(CultureInfo.InvariantCulture, $"{check.Conversation}:{unread.Recipient}:{unread.LastSeq}");
        var webhookEvent = WebhookEvent.Of(WebhookEventTypes.MessageUnread, key, now, unread.ShopId, unread.Data.ToJsonString());
        foreach (var subscription in wanting)
        {
            await publisher.DeliverToAsync(subscription.Id, webhookEvent, cancellationToken);
        }
        return UnreadCheckResult.Emitted;
    }

    private async Task<Unread?> ChatAsync(long shopId, long userId, CancellationToken cancellationToken)
    {
        if (await support.SummaryAsync(shopId, userId, cancellationToken) is not { } summary)
        {
            return null;
        }
        var watermarksTask = support.ReadWatermarksAsync(shopId, userId, cancellationToken);
        var records = await support.ReadRangeAsync(shopId, userId, Math.Max(1, summary.LastSeq - Window + 1), summary.LastSeq, cancellationToken);
        var watermarks = await watermarksTask;
        var messages = records.Where(r => r.RecordType == SupportRecordType.Message).ToList();
        if (messages.Count == 0)
        {
            return Unread.None;
        }
        var last = messages[^1];
        var unread = messages.Where(m => m.FromType == last.FromType && !watermarks.IsRead(m)).ToList();
        if (unread.Count == 0)
        {
            return Unread.None;
        }
        var data = new JsonObject
        {
            ["conversation"] = "chat",
            ["shop_id"] = shopId,
            ["user_id"] = userId,
            ["kefu_id"] = last.KefuId,
            ["recipient_type"] = last.ToType,
            ["recipient_id"] = last.ToId,
            ["unread_count"] = unread.Count,
            ["first_unread_at"] = Iso(unread[0].CreatedAt),
            ["last_message"] = new JsonObject
            {
                ["seq"] = last.Seq,
                ["from_type"] = last.FromType,
                ["from_id"] = last.FromId,
                ["from_nickname"] = last.FromNickname,
                ["msg_type"] = last.MsgType,
                ["msg"] = last.Msg,
                ["created_at"] = Iso(last.CreatedAt),
            },
        };
        return new Unread(shopId, last.ToType, unread.Count, unread[0].CreatedAt, last.Seq, data);
    }

    private async Task<Unread?> RoomAsync(string orderSn, CancellationToken cancellationToken)
    {
        var lastSeq = await rooms.LastSeqAsync(orderSn, cancellationToken);
        if (lastSeq == 0 || await disputes.FindLatestForOrderAsync(orderSn, cancellationToken) is not { Dispute: var dispute })
        {
            return null;
        }
        var records = await rooms.ReadRangeAsync(orderSn, Math.Max(1, lastSeq - Window + 1), lastSeq, cancellationToken);
        var lastShopReply = records.LastOrDefault(r => r.Type is RoomSender.Merchant or RoomSender.Staff)?.Seq ?? 0;
        var unread = records.Where(r => r.Type == RoomSender.Buyer && r.Seq > lastShopReply).ToList();
        if (unread.Count == 0)
        {
            return Unread.None;
        }
        var last = unread[^1];
        var data = new JsonObject
        {
            ["conversation"] = "dispute_room",
            ["shop_id"] = dispute.ShopId,
            ["order_sn"] = orderSn,
            ["report_id"] = dispute.ReportId,
            ["recipient_type"] = "shop",
            ["unread_count"] = unread.Count,
            ["first_unread_at"] = Iso(unread[0].CreatedAt),
            ["last_message"] = new JsonObject
            {
                ["seq"] = last.Seq,
                ["type"] = last.Type,
                ["from"] = RoomSender.From(last.Type),
                ["content_type"] = last.ContentType,
                ["content"] = last.Content,
                ["created_at"] = Iso(last.CreatedAt),
            },
        };
        return new Unread(dispute.ShopId, "shop", unread.Count, unread[0].CreatedAt, last.Seq, data);
    }

    private static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private sealed record Unread(long ShopId, string Recipient, int Count, DateTimeOffset FirstUnreadAt, long LastSeq, JsonObject Data)
    {
        public static readonly Unread None = new(0, "", 0, default, 0, []);
    }
}
