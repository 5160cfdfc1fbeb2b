// Seeds the demo platform through Kfk's public API (idempotent: upserts), then prints what to use.
// Usage: node tools/demo/seed.mjs <app base URL> <platform API key>
const [, , baseUrl = "http://127.0.0.1:7071", apiKey] = process.argv;
if (!apiKey) {
  console.error("usage: node seed.mjs <app base URL> <platform API key>");
  process.exit(2);
}

async function call(method, path, body, { allow = [] } = {}) {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { "content-type": "application/json", "x-kfk-api-key": apiKey },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok && !allow.includes(response.status)) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  if (!response.ok) return null;
  return text ? JSON.parse(text) : null;
}

const shops = [
  { id: 105, name: "快发卡数码店", avatar: "https://picsum.photos/id/10/96", customer_service: { type: 2, wechat: "kfk-digital", phone: "400-800-0105", business_time: "09:00-22:00" } },
  { id: 106, name: "云端代理商", avatar: "https://picsum.photos/id/20/96", customer_service: { type: 1, wechat: "kfk-proxy", phone: "400-800-0106", business_time: "10:00-20:00" } },
  { id: 107, name: "源头供货商", avatar: "https://picsum.photos/id/30/96" },
];
const buyers = [
  { id: 12, nickname: "Jason", avatar: "https://picsum.photos/id/40/96", mobile: "13800000012", level: 1, level_name: "会员", total_order_amount: "128.50", client: 6 },
  { id: 13, nickname: "小美", avatar: "https://picsum.photos/id/50/96", mobile: "13800000013", client: 3 },
];
const goods = [
  { id: 501, shop_id: 105, name: "视频会员月卡", image: "https://picsum.photos/id/60/200", min_price: "19.90" },
  { id: 502, shop_id: 105, name: "游戏点卡 100 元", image: "https://picsum.photos/id/70/200", min_price: "98.00" },
];
const orders = [
  { sn: "kfk666", shop_id: 105, user_id: 12, order_amount: "19.90", order_status: 3, order_status_text: "已完成", create_time: "2026-11-20T10:15:00+08:00",
    goods: [{ goods_id: 501, name: "视频会员月卡", image: "https://picsum.photos/id/60/200", price: "19.90", num: 1 }], proxy_shop_id: 106, top_proxy_shop_id: 107 },
  { sn: "kfk777", shop_id: 105, user_id: 13, order_amount: "98.00", order_status: 3, order_status_text: "已完成", create_time: "2026-11-21T18:40:00+08:00",
    goods: [{ goods_id: 502, name: "游戏点卡 100 元", image: "https://picsum.photos/id/70/200", price: "98.00", num: 1 }] },
];

for (const { id, ...shop } of shops) await call("PUT", `/api/v1/shops/${id}`, shop);
for (const { id, ...buyer } of buyers) await call("PUT", `/api/v1/users/${id}`, buyer);
for (const { id, ...item } of goods) await call("PUT", `/api/v1/goods/${id}`, item);
for (const { sn, ...order } of orders) await call("PUT", `/api/v1/orders/${sn}`, order);

// Agents: created once (a second run finds them: 409), passwords as printed below.
const agents = [
  { shop_id: 105, account: "kefu1", password: "kefu1-pass", nickname: "客服小王", role: "admin", sort: 1 },
  { shop_id: 105, account: "kefu2", password: "kefu2-pass", nickname: "客服小李", role: "kefu", sort: 2 },
  { shop_id: 0, account: "staff", password: "staff-pass", nickname: "平台小张", role: "admin", sort: 1 },
];
for (const agent of agents) await call("POST", "/api/v1/kefu", agent, { allow: [409] });
const staffId = (await call("GET", "/api/v1/kefu?shop_id=0")).list.find((a) => a.account === "staff").id;
const replies = (await call("GET", "/api/v1/shops/105/quick-replies")).list;
if (replies.length === 0) {
  await call("POST", "/api/v1/shops/105/quick-replies", { title: "问候", content: "您好，请问有什么可以帮您？", sort: 1 });
  await call("POST", "/api/v1/shops/105/quick-replies", { title: "发货时间", content: "付款后 5 分钟内自动发货，请留意订单页面。", sort: 2 });
}

// The demo dispute room: kfk666 gets an open dispute (a second run finds it open: 409).
await call("POST", "/api/v1/disputes", {
  order_sn: "kfk666", amount: "19.90", reason: "卡密无法兑换", customer_contact: "475281441", customer_phone: "13560822174",
}, { allow: [409] });
const dispute = (await call("GET", "/api/v1/disputes?order_sn=kfk666&status=open")).list[0];

const buyerToken = await call("POST", "/api/v1/tokens", { kind: "user", user_id: 12, client: 6 });
const orderToken = await call("POST", "/api/v1/tokens", { kind: "buyer_order", order_sn: "kfk666" });
const merchantToken = await call("POST", "/api/v1/tokens", { kind: "shop", shop_id: 105 });
const staffToken = await call("POST", "/api/v1/tokens", { kind: "admin", kefu_id: staffId });

console.log(`Demo data: shops 105 (merchant), 106 (reseller), 107 (supplier); buyers 12 Jason, 13 小美; goods 501, 502; orders kfk666, kfk777.
Demo tokens (valid 7 days):
  buyer 12 (likeshop)       ${buyerToken.token}
  buyer of order kfk666     ${orderToken.token}
  merchant shop 105         ${merchantToken.token}
  platform staff (admin)    ${staffToken.token}
Demo agent logins (POST ${baseUrl}/kefuapi/account/login, type 1 shop / 0 platform):
  shop 105  kefu1 / kefu1-pass (admin), kefu2 / kefu2-pass
  platform  staff / staff-pass (type 0)
Demo dispute: report ${dispute.report_id} on order kfk666 (merchant 105, reseller 106, supplier 107). Log into its room on
  ws://<gateway>/client/hubs/kfk with {"type":"login","token":"<buyer of order kfk666>","data":{"type":"user","authtype":"h5","room":"kfk666"}}
  then {"type":"report_detail","order_num":"kfk666"} and {"type":"msg_list","order_num":"kfk666","page":1}.
Negotiate: curl -s -X POST ${baseUrl}/api/v1/negotiate -H 'content-type: application/json' -H 'authorization: Bearer ${buyerToken.token}' -d '{"hub":"likeshop"}'`);
