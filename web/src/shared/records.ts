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
    return JSON.parse(record.msg) as GoodsSnapshot;
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

export function newClientMsgId(): string {
  const random = crypto.getRandomValues(new Uint8Array(12));
  return "w" + Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("");
}
