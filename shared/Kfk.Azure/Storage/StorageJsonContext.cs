using System.Text.Json;
using System.Text.Json.Serialization;
using Kfk.Azure.PlatformData;
using Kfk.Azure.QuickReplies;
using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Core.QuickReplies;
using Kfk.Core.Support;

namespace Kfk.Azure.Storage;

/// <summary>
/// The JSON of stored rows (<c>Data</c> and <c>Principal</c> columns): camelCase with the web defaults, exactly as the
/// stores wrote it with reflection before. tests/Kfk.Azure.Tests/Storage/Golden holds a row of every type as written
/// then: each must still read back, and be written the same.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SupportMessage))]
[JsonSerializable(typeof(RoomMessage))]
[JsonSerializable(typeof(Dispute))]
[JsonSerializable(typeof(Principal))]
[JsonSerializable(typeof(Buyer))]
[JsonSerializable(typeof(Agent))]
[JsonSerializable(typeof(ShopRow))]
[JsonSerializable(typeof(GoodsRow))]
[JsonSerializable(typeof(OrderRow))]
[JsonSerializable(typeof(QuickReplyRow))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

/// <summary>The stored JSON of each record the stores keep.</summary>
internal static class StorageJson
{
    private static StorageJsonContext Context => StorageJsonContext.Default;

    public static readonly StorageCodec<SupportMessage> SupportMessages = StorageCodec<SupportMessage>.Direct(Context.SupportMessage);
    public static readonly StorageCodec<RoomMessage> RoomMessages = StorageCodec<RoomMessage>.Direct(Context.RoomMessage);
    public static readonly StorageCodec<Dispute> Disputes = StorageCodec<Dispute>.Direct(Context.Dispute);
    public static readonly StorageCodec<Principal> Principals = StorageCodec<Principal>.Direct(Context.Principal);
    public static readonly StorageCodec<Buyer> Buyers = StorageCodec<Buyer>.Direct(Context.Buyer);
    public static readonly StorageCodec<Agent> Agents = StorageCodec<Agent>.Direct(Context.Agent);

    // Also public HTTP contracts: stored through rows of their own.
    public static readonly StorageCodec<Shop> Shops = StorageCodec<Shop>.Through(Context.ShopRow, ShopRow.From, row => row.ToShop());
    public static readonly StorageCodec<Goods> Goods = StorageCodec<Goods>.Through(Context.GoodsRow, GoodsRow.From, row => row.ToGoods());
    public static readonly StorageCodec<Order> Orders = StorageCodec<Order>.Through(Context.OrderRow, OrderRow.From, row => row.ToOrder());
    public static readonly StorageCodec<QuickReply> QuickReplies =
        StorageCodec<QuickReply>.Through(Context.QuickReplyRow, QuickReplyRow.From, row => row.ToQuickReply());
}
