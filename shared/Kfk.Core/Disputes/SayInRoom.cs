using Kfk.Core.Common;
using Kfk.Core.Media;

namespace Kfk.Core.Disputes;

/// <summary>The stored message; <see cref="Duplicate"/> when an earlier delivery of the same event stored it.</summary>
public sealed record SaidMessage(RoomMessage Message, bool Duplicate);

/// <summary>
/// Say: text (at most <see cref="MaxTextLength"/> characters) or an image Kfk stored, in the speaker's room. Stored first,
/// then delivered to everyone else in the room; then the buyer's safety tip (the merchant side used a word of
/// <see cref="DisputeOptions.SafetyWords"/>) and the room's civility notice, if any. A retry or replay of the same
/// upstream event (the idempotency key) stores and delivers nothing again.
/// </summary>
public sealed class SayInRoom(IRoomStore rooms, IMediaCatalog media, IRoomNotifier notifier, DisputeOptions options, TimeProvider time)
{
    public const int MaxTextLength = 500;

    public async Task<Result<SaidMessage>> ExecuteAsync(RoomMember speaker, string? type, string? content, string? idempotencyKey,
        string? originConnectionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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
            idempotencyKey, cancellationToken);
        if (duplicate)
        {
            return new SaidMessage(stored, Duplicate: true);
        }
        await notifier.MessageAsync(stored, originConnectionId, cancellationToken);
        if (type == "text" && speaker.Sender == RoomSender.Merchant && ContainsAny(content, options.SafetyWords))
        {
            await notifier.NoticeAsync(speaker.Room, RoomAudience.Buyers, options.SafetyTip, now, cancellationToken);
        }
        if (type == "text" && speaker.Sender is RoomSender.Buyer or RoomSender.Merchant && ContainsAny(content, options.ProfanityWords))
        {
            await notifier.NoticeAsync(speaker.Room, RoomAudience.Everyone, options.CivilityNotice, now, cancellationToken);
        }
        return new SaidMessage(stored, Duplicate: false);
    }

    private static bool ContainsAny(string text, IEnumerable<string> words) =>
        words.Any(w => w.Length > 0 && text.Contains(w, StringComparison.OrdinalIgnoreCase));
}
