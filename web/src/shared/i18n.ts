import { ref } from "vue";

// zh-CN by default; English with ?lang=en, the widget's data-lang="en", or the language switch (kept in localStorage).
const zh = {
  chatTitle: "在线客服",
  openChat: "打开在线客服",
  closeChat: "关闭",
  unread: "条未读消息",
  send: "发送",
  messagePlaceholder: "输入消息，Enter 发送",
  messageLabel: "消息",
  sendImage: "发送图片",
  uploading: "上传中",
  loadEarlier: "查看更早的消息",
  noEarlier: "没有更早的消息了",
  read: "已读",
  unreadMark: "未读",
  sending: "发送中",
  failed: "发送失败，点击重发",
  typing: "对方正在输入…",
  connecting: "正在连接…",
  offline: "网络已断开，正在等待恢复…",
  expired: "登录已过期，请重新登录",
  rateLimited: "发送过于频繁，请稍后再试",
  noAgent: "暂无客服在线，您可以通过以下方式联系我们",
  wechat: "微信",
  phone: "电话",
  businessTime: "服务时间",
  retry: "重试",
  imagePreview: "图片预览",
  closePreview: "关闭预览",
  servedBy: "为您服务",
  login: "登录",
  logout: "退出",
  account: "账号",
  password: "密码",
  accountType: "账号类型",
  shopAgent: "商家客服",
  platformAgent: "平台客服",
  staffToken: "平台管理员令牌",
  staffLogin: "投诉处理（平台人员）",
  agentLogin: "客服登录",
  workbench: "客服工作台",
  search: "搜索用户",
  inbox: "会话列表",
  online: "在线",
  offlineUser: "离线",
  noConversations: "暂无会话",
  pickConversation: "请选择一个会话",
  quickReplies: "快捷回复",
  searchReplies: "搜索快捷回复",
  transfer: "转接",
  transferTo: "转接给在线客服",
  noColleague: "没有其他在线客服",
  transferred: "已转接",
  customer: "客户信息",
  orders: "订单",
  sendGoods: "发送商品",
  level: "等级",
  mobile: "手机",
  totalAmount: "累计消费",
  device: "设备",
  noOrders: "暂无订单",
  newMessage: "新消息",
  language: "语言",
  disputes: "投诉处理",
  filter: "筛选",
  statusOpen: "进行中",
  statusOverdue: "已逾期",
  statusClosed: "已结束",
  statusAll: "全部",
  handle: "已处理",
  refund: "退款",
  finish: "结束投诉",
  say: "发言",
  order: "订单",
  reason: "原因",
  noDisputes: "暂无投诉",
  actionDone: "操作成功",
  image: "[图片]",
  goodsMsg: "[商品]",
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  chatTitle: "Customer service",
  openChat: "Open customer service chat",
  closeChat: "Close",
  unread: "unread messages",
  send: "Send",
  messagePlaceholder: "Type a message, Enter to send",
  messageLabel: "Message",
  sendImage: "Send an image",
  uploading: "Uploading",
  loadEarlier: "Load earlier messages",
  noEarlier: "No earlier messages",
  read: "Read",
  unreadMark: "Unread",
  sending: "Sending",
  failed: "Not sent, click to retry",
  typing: "Typing…",
  connecting: "Connecting…",
  offline: "You are offline, waiting for the network…",
  expired: "Your session has expired, please log in again",
  rateLimited: "Too many messages, please wait a moment",
  noAgent: "No agent is online right now. You can reach us here",
  wechat: "WeChat",
  phone: "Phone",
  businessTime: "Hours",
  retry: "Retry",
  imagePreview: "Image preview",
  closePreview: "Close preview",
  servedBy: "is serving you",
  login: "Log in",
  logout: "Log out",
  account: "Account",
  password: "Password",
  accountType: "Account type",
  shopAgent: "Shop agent",
  platformAgent: "Platform agent",
  staffToken: "Platform staff (admin) token",
  staffLogin: "Disputes (platform staff)",
  agentLogin: "Agent login",
  workbench: "Agent workbench",
  search: "Search customers",
  inbox: "Conversations",
  online: "Online",
  offlineUser: "Offline",
  noConversations: "No conversations yet",
  pickConversation: "Pick a conversation",
  quickReplies: "Quick replies",
  searchReplies: "Search quick replies",
  transfer: "Transfer",
  transferTo: "Transfer to an online colleague",
  noColleague: "No other agent is online",
  transferred: "Transferred",
  customer: "Customer",
  orders: "Orders",
  sendGoods: "Send goods card",
  level: "Level",
  mobile: "Mobile",
  totalAmount: "Total spent",
  device: "Device",
  noOrders: "No orders",
  newMessage: "New message",
  language: "Language",
  disputes: "Disputes",
  filter: "Filter",
  statusOpen: "Open",
  statusOverdue: "Overdue",
  statusClosed: "Closed",
  statusAll: "All",
  handle: "Mark handled",
  refund: "Refund",
  finish: "Finish",
  say: "Say",
  order: "Order",
  reason: "Reason",
  noDisputes: "No disputes",
  actionDone: "Done",
  image: "[image]",
  goodsMsg: "[goods]",
};

export type Lang = "zh-CN" | "en";

function initialLang(): Lang {
  const asked = new URLSearchParams(location.search).get("lang") ?? safeStorage("kfk-lang");
  return asked === "en" ? "en" : "zh-CN";
}

function safeStorage(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export const lang = ref<Lang>(initialLang());

export function setLang(value: Lang, remember = true): void {
  lang.value = value;
  if (remember) {
    try {
      localStorage.setItem("kfk-lang", value);
    } catch {
      /* storage off: the choice lasts for this page */
    }
  }
}

export function t(key: Key): string {
  return lang.value === "en" ? en[key] : zh[key];
}
