using Kfk.Core.Common;
using System.Text.RegularExpressions;
using Kfk.Core.Media;
using Kfk.Core.Realtime;
using Kfk.Core.Webhooks;

namespace Kfk.Core.Disputes;

/// <summary>The stored message; <see cref="Duplicate"/> when an earlier delivery of the same event stored it.</summary>
public sealed record SaidMessage(RoomMessage Message, bool Duplicate);

/// <summary>
/// Say: text (at most <see cref="MaxTextLength"/> characters) or an image Kfk stored, in the speaker's room. Stored first,
/// then delivered to everyone else in the room; then the buyer's safety tip (the merchant side used a word of
/// <see cref="DisputeOptions.SafetyWords"/>) and the room's civility notice, if any. A resend with the same
/// <c>client_msg_id</c> (per speaker), or a retry or replay of the same upstream event (the idempotency key), stores nothing
/// again; it delivers again only what the first attempt may not have delivered (<see cref="CompletedDeliveries"/>). A buyer's
/// message then has the room watched for <c>message.unread</c> (<see cref="UnreadWatch"/>: one delayed check per room and
/// delay, nothing per message).
/// </summary>
public sealed partial class SayInRoom(IRoomStore rooms, IMediaCatalog media, IRoomNotifier notifier, CompletedDeliveries deliveries,
    DisputeOptions options, TimeProvider time, UnreadWatch? unread = null)
{
    public const int MaxTextLength = 500;

    public async Task<Result<SaidMessage>> ExecuteAsync(RoomMember speaker, string? type, string? content, string? clientMsgId, string? idempotencyKey,
        string? originConnectionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (clientMsgId is not null && !ClientMsgIdPattern().IsMatch(clientMsgId))
        {
            return Error.Validation(RoomErrors.ClientMsgIdInvalid, "client_msg_id must be 1-64 characters of A-Z, a-z, 0-9, _ and -.", "client_msg_id");
        }
        if (type is not ("text" or "image"))
        {
            return Error.Validation(MessageErrors.TypeInvalid, "type must be text or image.", "type");
        }
        if (string.IsNullOrWhiteSpace(content))
        {
            return MessageErrors.Blank("content");
        }
        if (type == "text" && content.Length > MaxTextLength)
        {
            return MessageErrors.LongerThan(MaxTextLength, "content");
        }
        if (type == "image" && !await media.IsChatImageAsync(content, cancellationToken))
        {
            return MessageErrors.NotAStoredImage("content");
        }
        var (stored, duplicate) = await rooms.AppendOnceAsync(new RoomMessage(0, speaker.Room, speaker.Sender, speaker.PrincipalId, content, type, now),
            clientMsgId is null ? idempotencyKey : $"client:{speaker.PrincipalId}:{clientMsgId}", cancellationToken);
        var conversation = "room:" + speaker.Room;
        if (!duplicate)
        {
            RealtimeMetrics.MessageStored(HubNames.Kfk);
        }
        if (duplicate && deliveries.Contains(conversation, stored.Seq))
        {
            return new SaidMessage(stored, Duplicate: true);
        }
        await notifier.MessageAsync(stored, originConnectionId, cancellationToken);
        RealtimeMetrics.MessageDelivered(HubNames.Kfk);
        if (type == "text" && speaker.Sender == RoomSender.Merchant && ContainsAny(content, options.SafetyWords))
        {
            await notifier.NoticeAsync(speaker.Room, RoomAudience.Buyers, options.SafetyTip, now, cancellationToken);
        }
        if (type == "text" && speaker.Sender is RoomSender.Buyer or RoomSender.Merchant && ContainsAny(content, options.ProfanityWords))
        {
            await notifier.NoticeAsync(speaker.Room, RoomAudience.Everyone, options.CivilityNotice, now, cancellationToken);
        }
        deliveries.Add(conversation, stored.Seq);
        if (unread is not null && speaker.Sender == RoomSender.Buyer)
        {
            await unread.MessageStoredAsync(UnreadCheck.Room(speaker.Room), null, cancellationToken);
        }
        return new SaidMessage(stored, duplicate);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientMsgIdPattern();

    private static bool ContainsAny(string text, IEnumerable<string> words) =>
        words.Any(w => w.Length > 0 && text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
