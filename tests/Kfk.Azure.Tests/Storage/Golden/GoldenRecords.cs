using Kfk.Core.Agents;
using Kfk.Core.Disputes;
using Kfk.Core.Identity;
using Kfk.Core.PlatformData;
using Kfk.Core.QuickReplies;
using Kfk.Core.Support;

namespace Kfk.Azure.Tests.Storage.Golden;

/// <summary>
/// The values behind the golden rows: each <c>*.json</c> beside this file is what the stores wrote for one of them
/// before storage had its own serializer context. Texts mix Chinese, HTML-sensitive characters and an emoji so the
/// encoder's escaping is part of the shape; times carry offsets and seven fractional digits.
/// </summary>
public static class GoldenRecords
{
    public static readonly DateTimeOffset Morning = new DateTimeOffset(2026, 11, 23, 10, 15, 30, TimeSpan.FromHours(8)).AddTicks(1_234_567);
    public static readonly DateTimeOffset Noon = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Evening = new DateTimeOffset(2026, 11, 24, 20, 45, 1, TimeSpan.FromHours(8)).AddTicks(5);

    public const long ShopId = 910_001;
    public const long UserId = 920_002;
    public const long KefuId = 930_003;

    // Support conversations (table Conversations, s:{shopId}:{userId} / m:…): seqs 1-2 as written today, 3-4 older rows.
    public static readonly SupportMessage UserText = new(1, ShopId, UserId, Party.User, UserId, Party.Kefu, KefuId,
        "你好，请问<发货>了吗? & 'quote' \"double\" 😀", SupportMessageType.Text, null, "买家小明", "https://cdn.example.com/a/小明.png", Morning,
        "client-0001", SupportRecordType.Message, 6);

    public static readonly SupportMessage KefuGoods = new(2, ShopId, UserId, Party.Kefu, KefuId, Party.User, UserId,
        """{"id":88,"name":"红色T恤"}""", SupportMessageType.Goods, new GoodsSnapshot(88, "https://cdn.example.com/g/88.jpg", "19.90", "红色T恤"),
        "客服一号", null, Noon, null);

    public static readonly SupportMessage TransferNotice = new(3, ShopId, UserId, Party.Kefu, KefuId, Party.User, UserId,
        "客服一号 转接给 客服二号", SupportMessageType.Text, null, "客服一号", "", Evening, null, SupportRecordType.Notice);

    /// <summary>A record as the first likeshop hub stored it (commit 74086e1): no <c>fromClient</c> and no <c>kefuId</c>.</summary>
    public static readonly SupportMessage FirstHubText = new(4, ShopId, UserId, Party.User, UserId, Party.Kefu, KefuId,
        "在吗", SupportMessageType.Text, null, "买家小明", null, Morning, "client-0002");

    /// <summary>The same with <c>recordType</c> left out as well: it reads as a chat message.</summary>
    public static readonly SupportMessage WithoutRecordType = FirstHubText with { Seq = 5, Msg = "图片", MsgType = SupportMessageType.Image, ClientMsgId = null };

    // Dispute rooms (table Conversations, room:{order_sn} / m:…).
    public const string OrderSn = "GOLD202611230001";

    public static readonly RoomMessage BuyerSays = new(1, OrderSn, RoomSender.Buyer, "order:" + OrderSn, "商家一直不回复 <script>", "text", Morning);

    // Disputes (table Disputes, report:{id:D12} / "" and the list row).
    public static readonly Dispute OpenDispute = new(940_004, OrderSn, ShopId, null, null, "99.00", "未收到货", null, null, Morning, Evening);

    public static readonly Dispute ClosedDispute = new(940_005, "GOLD202611230002", ShopId, 910_011, 910_012, "1280.50", "卡密无效 & 已使用",
        "QQ 12345", "13800000000", Morning, Evening, Handled: true, Refunded: true, Finished: true, Withdrawn: false, Overdue: true, UpdatedAt: Noon);

    // Session principals (table Tokens, {sha256} / "", column Principal); principal-before-kefu-id.json is UserPrincipal as
    // stored before principals had kefuId (commit 341efc6), written by hand in that shape.
    public static readonly Principal UserPrincipal = new(PrincipalKind.User, UserId: UserId, Client: 6);
    public static readonly Principal BuyerOrderPrincipal = new(PrincipalKind.BuyerOrder, OrderSn: OrderSn);
    public static readonly Principal ShopPrincipal = new(PrincipalKind.Shop, ShopId: ShopId);
    public static readonly Principal KefuPrincipal = new(PrincipalKind.Kefu, ShopId: ShopId, Client: 5, KefuId: KefuId);
    public static readonly Principal AdminPrincipal = new(PrincipalKind.Admin, ShopId: 0, KefuId: 930_004);

    // Platform data (table PlatformData, {kind}:{id} / "").
    public static readonly Shop ShopWithCard = new(ShopId, "小明的店 <旗舰>", "https://cdn.example.com/s/1.png", false,
        new CustomerServiceCard(2, "wx-ming", "400-800-8888", "09:00-18:00", "https://cdn.example.com/s/qr.png"), "客服下班了，请留言", Morning);

    public static readonly Shop BareShop = new(910_002, "无名店", null, true, null, null, Noon);

    public static readonly Buyer FullBuyer = new(UserId, "买家小明", "https://cdn.example.com/a/小明.png", "13900000000", "U0001", 2, "黄金会员",
        "3999.00", "1990-01-01", 6, Morning, Noon);

    /// <summary>A buyer as stored before <c>createTime</c> was kept (before commit 409db6b).</summary>
    public static readonly Buyer BuyerBeforeCreateTime = new(920_003, "老买家", null, null, null, null, null, null, null, null, Evening);

    public static readonly Goods Tshirt = new(88, ShopId, "红色T恤 & 袜子", "https://cdn.example.com/g/88.jpg", "19.90", Morning);

    public static readonly Order OrderWithLines = new(OrderSn, ShopId, UserId, 1, "普通订单", 3, "已完成", "139.80", Morning,
        [new OrderLine(88, "红色T恤", "https://cdn.example.com/g/88.jpg", "19.90", 2, "红色,XL"), new OrderLine(89, "卡密", null, "99.00", 1)],
        910_011, 910_012, Evening);

    /// <summary>An order as stored before lines had <c>specValue</c> (before commit e7cc6a6), with no buyer.</summary>
    public static readonly Order OrderBeforeSpecValue = new("GOLD202611230003", ShopId, null, null, null, null, null, null, null,
        [new OrderLine(90, "旧商品", null, null, 1)], null, null, Noon);

    // Quick replies (table QuickReplies, shop:{shopId} / {id:D12}).
    public static readonly QuickReply Greeting = new(7, ShopId, "问候", "您好，有什么可以帮您？<br>", 10, Morning);

    // Agents (table Agents, shop:{shopId} / {id:D12}).
    public static readonly Agent ShopAdmin = new(KefuId, ShopId, "Kefu1", "客服一号", "https://cdn.example.com/k/1.png", 1, AgentRole.Admin, false,
        "pbkdf2-sha256$100000$c2FsdA==$aGFzaA==", Morning, Evening);

    public static readonly Agent DisabledStaff = new(930_004, 0, "staff", "平台小二", null, 0, AgentRole.Kefu, true, "pbkdf2-sha256$1$AA==$AA==", Noon, Noon);
}
