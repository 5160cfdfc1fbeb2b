using System.Globalization;
using Kfk.Core.PlatformData;

namespace Kfk.Core.Webhooks;

/// <summary>
/// The delayed queue message that asks whether a conversation still has unread messages: a likeshop chat
/// (<c>s:{shop_id}:{user_id}</c>) or a kfk dispute room (<c>room:{order_sn}</c>), the keys the hot path already uses.
/// </summary>
public sealed record UnreadCheck(string Conversation)
{
    private const string ChatPrefix = "s:";
    private const string RoomPrefix = "room:";

    public static UnreadCheck Chat(long shopId, long userId) => new(string.Create(CultureInfo.InvariantCulture, $"{ChatPrefix}{shopId}:{userId}"));

    public static UnreadCheck Room(string orderSn) => new(RoomPrefix + orderSn);

    /// <summary>The likeshop conversation this check names, if it names one.</summary>
    public bool IsChat(out long shopId, out long userId)
    {
        (shopId, userId) = (0, 0);
        var parts = Conversation.StartsWith(ChatPrefix, StringComparison.Ordinal) ? Conversation[ChatPrefix.Length..].Split(':') : [];
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out shopId)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out userId);
    }

    /// <summary>The dispute room this check names, if it names one.</summary>
    public bool IsRoom(out string orderSn)
    {
        orderSn = Conversation.StartsWith(RoomPrefix, StringComparison.Ordinal) ? Conversation[RoomPrefix.Length..] : "";
        return PlatformDataRules.IsOrderSn(orderSn);
    }
}
