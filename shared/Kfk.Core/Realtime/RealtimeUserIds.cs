using System.Globalization;

namespace Kfk.Core.Realtime;

/// <summary>
/// The Web PubSub user ids Kfk gives connections (what <see cref="IRealtimeHub.SendToUserAsync"/> and presence name):
/// <c>user:{id}</c> a buyer, <c>kefu:{id}</c> an agent or platform staff, <c>order:{sn}</c> a buyer scoped to one order,
/// <c>shop:{id}</c> a shop account.
/// </summary>
public static class RealtimeUserIds
{
    public static string User(long userId) => "user:" + userId.ToString(CultureInfo.InvariantCulture);

    public static string Kefu(long kefuId) => "kefu:" + kefuId.ToString(CultureInfo.InvariantCulture);

    public static string Order(string orderSn) => "order:" + orderSn;

    public static string Shop(long shopId) => "shop:" + shopId.ToString(CultureInfo.InvariantCulture);
}
