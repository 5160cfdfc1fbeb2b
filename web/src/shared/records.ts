// The likeshop wire shapes the UIs read (docs/protocols/likeshop.md).

export interface GoodsSnapshot {
  id: number;
  image: string;
  min_price: string;
  name: string;
}

export interface ChatRecord {
  id: string;
  seq: number;
  shop_id: number;
  from_id: number;
  from_type: "user" | "kefu";
  to_id: number;
  to_type: "user" | "kefu";
  msg: string;
  msg_type: 1 | 2 | 3;
  type: number;
  is_read: number;
  create_time: string;
  create_time_stamp: number;
  from_avatar: string;
  from_nickname: string;
  goods: GoodsSnapshot | [];
  client_msg_id?: string;
}

export interface RelationRow {
  id: number;
  shop_id: number;
  user_id: number;
  kefu_id: number;
  nickname: string;
  avatar: string;
  client: number;
  client_desc?: string;
  msg: string;
  msg_type: number;
  is_read: number;
  update_time: string;
  online: number;
}

export interface Paged<T> {
  list: T[];
  page: number;
  size: number;
  count: number;
  more: number;
}

export interface ContactCard {
  type?: number;
  wechat?: string;
  phone?: string;
  business_time?: string;
  image?: string;
}

export interface Frame {
  event: string;
  data: any;
}

/** A message the sender shows before the server has stored it. */
export interface PendingRecord extends ChatRecord {
  pending?: boolean;
  failed?: string;
}

export function goodsOf(record: ChatRecord): GoodsSnapshot | null {
  if (record.msg_type !== 3) return null;
  if (record.goods && !Array.isArray(record.goods)) return record.goods;
  try {
    const parsed: unknown = JSON.parse(record.msg);
    // A goods message being sent holds the goods id only ("502" parses to a number): no card until the server's snapshot.
    return typeof parsed === "object" && parsed !== null ? (parsed as GoodsSnapshot) : null;
  } catch {
    return null;
  }
}

/** Kfk's media URLs have a thumbnail next to them; other addresses are shown as they are. */
export function thumbnailOf(url: string): string {
  return /\/media\/[0-9a-f]{64}$/.test(url) ? `${url}/thumb` : url;
}

/** Merges records by seq: nothing doubled, order by seq, pending local ones (no seq yet) last. */
export function mergeRecords(current: PendingRecord[], incoming: ChatRecord[]): PendingRecord[] {
  const bySeq = new Map<number, PendingRecord>();
  const pending: PendingRecord[] = [];
  const arrivedIds = new Set(incoming.map((r) => r.client_msg_id).filter(Boolean));
  for (const record of current) {
    if (record.pending || record.failed) {
      if (!arrivedIds.has(record.client_msg_id)) pending.push(record);
    } else bySeq.set(record.seq, record);
  }
  for (const record of incoming) bySeq.set(record.seq, { ...bySeq.get(record.seq), ...record, pending: false });
  return [...[...bySeq.values()].sort((a, b) => a.seq - b.seq), ...pending];
}

/** The highest seq the server has stored among these records (what a `sync` asks after). */
export function lastSeq(records: PendingRecord[]): number {
  return records.reduce((max, r) => (r.pending || r.failed ? max : Math.max(max, r.seq)), 0);
}

/** An `error` frame answers the oldest message still being sent: it is marked failed (and can be resent). */
export function failFirstPending(records: PendingRecord[], message: string): boolean {
  const pending = records.find((r) => r.pending);
  if (!pending) return false;
  pending.pending = false;
  pending.failed = message;
  return true;
}

/** A message shown at once, before the server has stored it (seq last, a fresh client_msg_id for resends). */
export function pendingRecord(fields: Pick<ChatRecord, "shop_id" | "from_id" | "from_type" | "to_id" | "to_type" | "msg" | "msg_type" | "from_avatar" | "from_nickname">): PendingRecord {
  return {
    ...fields, id: "", seq: Number.MAX_SAFE_INTEGER, type: 1, is_read: 0, create_time: "", create_time_stamp: Math.floor(Date.now() / 1000),
    goods: [], client_msg_id: newClientMsgId(), pending: true,
  };
}

export function newClientMsgId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  return "w" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}
