using System.Globalization;
using System.Text.RegularExpressions;
using Kfk.Core.Common;
using Kfk.Core.Media;
using Kfk.Core.Realtime;
using Kfk.Core.Webhooks;

namespace Kfk.Core.Support;

/// <summary>A chat message as a client sends it: values as read, unchecked.</summary>
public sealed record SendMessageRequest(long? MsgType, string? Msg, long? ToId, string? ToType, string? ClientMsgId);

/// <summary>The stored message; <see cref="KefuId"/> is the agent of the conversation it was sent in.</summary>
public sealed record SentMessage(SupportMessage Message, bool Duplicate, long KefuId);

/// <summary>
/// Send a chat message: a buyer to an enabled agent of the shop, or an agent to a customer of its shop, while the shop's
/// online service is on. Text (at most <see cref="MaxTextLength"/> characters), an image Kfk stored, or a goods record of
/// the shop (kept as a snapshot). Stored first, then delivered to the recipient and the sender's other devices. A resend
/// with the same <c>client_msg_id</c>, or a retry or replay of the same upstream event (the idempotency key), stores
/// nothing again and returns the stored record; it delivers again only what the first attempt may not have delivered
/// (<see cref="CompletedDeliveries"/>). Then the conversation is watched for <c>message.unread</c> (<see cref="UnreadWatch"/>:
/// one delayed check per conversation and delay, nothing per message).
/// </summary>
public sealed partial class SendSupportMessage(
    ISupportStore support, SupportDirectory directory, IMediaCatalog media, ISupportNotifier notifier, CompletedDeliveries deliveries, TimeProvider time,
    UnreadWatch? unread = null)
{
    public const int MaxTextLength = 2000;

    public async Task<Result<SentMessage>> ExecuteAsync(SupportActor sender, SendMessageRequest request, string? idempotencyKey,
        string? originConnectionId, CancellationToken cancellationToken)
    {
        var (msgType, msg, toId) = (request.MsgType, request.Msg, request.ToId);
        if (msgType is not (SupportMessageType.Text or SupportMessageType.Image or SupportMessageType.Goods))
        {
            return Error.Validation(MessageErrors.TypeInvalid, "msg_type must be 1 (text), 2 (image) or 3 (goods).", "msg_type");
        }
        if (string.IsNullOrWhiteSpace(msg))
        {
            return MessageErrors.Blank("msg");
        }
        if (request.ClientMsgId is { } clientMsgId && !ClientMsgIdPattern().IsMatch(clientMsgId))
        {
            return Error.Validation(SupportErrors.ClientMsgIdInvalid, "client_msg_id must be 1-64 characters of A-Z, a-z, 0-9, _ and -.", "client_msg_id");
        }
        if (request.ToType != sender.Counterpart || toId is null)
        {
            return Error.Validation(SupportErrors.RecipientInvalid, $"A {sender.Role} writes to a {sender.Counterpart} (to_type, to_id).", "to_id");
        }
        var shop = await directory.ShopAsync(sender.ShopId, cancellationToken);
        if (shop is null || !shop.OnlineService)
        {
            return SupportErrors.ShopIsOffline(shop?.OfflineMessage);
        }
        if (sender.IsUser && await directory.EnabledAgentAsync(sender.ShopId, toId.Value, cancellationToken) is null)
        {
            return SupportErrors.AgentMissing(toId);
        }
        if (!sender.IsUser && !await support.IsCustomerAsync(sender.ShopId, toId.Value, sender.Id, cancellationToken))
        {
            return SupportErrors.NotCustomer(toId.Value);
        }
        GoodsSnapshot? goods = null;
        switch (msgType)
        {
            case SupportMessageType.Text when msg.Length > MaxTextLength:
                return MessageErrors.LongerThan(MaxTextLength, "msg");
            case SupportMessageType.Image when !await media.IsChatImageAsync(msg, cancellationToken):
                return MessageErrors.NotAStoredImage("msg");
            case SupportMessageType.Goods:
                var record = long.TryParse(msg, NumberStyles.None, CultureInfo.InvariantCulture, out var goodsId)
                    ? await directory.GoodsAsync(goodsId, cancellationToken) : null;
                if (record is null || record.ShopId != sender.ShopId)
                {
                    return Error.NotFound(SupportErrors.GoodsNotFound, "msg must be the id of a goods record of this shop.");
                }
                goods = GoodsSnapshot.Of(record);
                msg = goods.ToText();
                break;
        }
        var (userId, kefuId) = sender.IsUser ? (sender.Id, toId.Value) : (toId.Value, sender.Id);
        var draft = new SupportMessage(0, sender.ShopId, userId, sender.Role, sender.Id, sender.Counterpart, toId.Value, msg, (int)msgType.Value, goods,
            sender.Nickname, sender.Avatar, time.GetUtcNow(), request.ClientMsgId, FromClient: sender.Client);
        var stored = await support.AppendAsync(draft, idempotencyKey, cancellationToken);
        var conversation = $"s:{sender.ShopId}:{userId}";
        if (!stored.Duplicate)
        {
            RealtimeMetrics.MessageStored(HubNames.Likeshop);
        }
        if (!stored.Duplicate || !deliveries.Contains(conversation, stored.Message.Seq))
        {
            await notifier.MessageAsync(stored.Message, originConnectionId, cancellationToken);
            RealtimeMetrics.MessageDelivered(HubNames.Likeshop);
            deliveries.Add(conversation, stored.Message.Seq);
        }
        if (unread is not null)
        {
            await unread.MessageStoredAsync(UnreadCheck.Chat(sender.ShopId, userId), shop, cancellationToken);
        }
        return new SentMessage(stored.Message, stored.Duplicate, kefuId);
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ClientMsgIdPattern();
}
