import { computed, reactive, ref } from "vue";
import { likeshopCall, SessionExpiredError, type CallOptions } from "../shared/api";
import { LikeshopSocket, type ConnectionState } from "../shared/socket";
import { failFirstPending, lastSeq as lastSeqOf, mergeRecords, pendingRecord, type ChatRecord, type Frame, type Paged, type PendingRecord, type RelationRow } from "../shared/records";
import { t } from "../shared/i18n";
import { kfkBase, signOut, type AgentSession } from "./session";
import { notifyNewMessage } from "./notify";
import { typingNotifier } from "../shared/typing";

export interface Conversation {
  userId: number;
  records: PendingRecord[];
  nextPage: number | null;
  loading: boolean;
  /** The user has read the agent's messages up to this seq. */
  readTo: number;
  typingUntil: number;
}

const PageSize = 20;

/** The workbench's state for one signed-in agent: inbox rows, open conversations, the hub connection. */
export function createWorkbench(agent: AgentSession) {
  const rows = ref<RelationRow[]>([]);
  const rowsMore = ref(true);
  const rowsPage = ref(0);
  const search = ref("");
  const conversations = reactive(new Map<number, Conversation>());
  const currentUserId = ref<number | null>(null);
  const state = ref<ConnectionState>("connecting");
  const notice = ref("");
  const rateLimited = ref(false);
  const now = ref(Date.now());
  const transferring = ref<number | null>(null);
  const clock = setInterval(() => (now.value = Date.now()), 1000);

  const current = computed(() => (currentUserId.value === null ? null : conversations.get(currentUserId.value) ?? null));
  const currentRow = computed(() => rows.value.find((r) => r.user_id === currentUserId.value) ?? null);

  async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
    try {
      return await likeshopCall<T>(kfkBase, path, { ...options, token: agent.token });
    } catch (error) {
      if (error instanceof SessionExpiredError) expire();
      throw error;
    }
  }

  function expire() {
    socket.stop();
    state.value = "expired";
    signOut(t("expired"));
  }

  const socket = new LikeshopSocket(
    async () => {
      // Checks the session first: a revoked or expired one ends here instead of failing the WebSocket handshake forever.
      await call("kefuapi/chat/kefuInfo");
      const config = await call<{ ws_domain: string }>("kefuapi/chat/config");
      return `${config.ws_domain}?token=${encodeURIComponent(agent.token)}&type=kefu&client=5&shop_id=${agent.shop_id}`;
    },
    { frame: onFrame, state: (s) => (state.value = s), ready: onReady },
  );

  let rowsRequest = 0;
  async function loadRows(reset = false) {
    if (reset) {
      rowsPage.value = 0;
      rowsMore.value = true;
    }
    if (!rowsMore.value) return;
    const request = ++rowsRequest;
    const page = rowsPage.value + 1;
    const answer = await call<Paged<RelationRow>>(`kefuapi/chat/user?nickname=${encodeURIComponent(search.value)}&page_no=${page}&page_size=30`);
    if (request !== rowsRequest) return; // a newer load (another search, a reset) answers instead
    rows.value = reset ? answer.list : upsertAll(rows.value, answer.list);
    rowsPage.value = page;
    rowsMore.value = answer.more === 1;
  }

  function upsertAll(list: RelationRow[], incoming: RelationRow[]) {
    const byUser = new Map(list.map((r) => [r.user_id, r]));
    for (const row of incoming) byUser.set(row.user_id, { ...byUser.get(row.user_id), ...row });
    return sortRows([...byUser.values()]);
  }

  function sortRows(list: RelationRow[]) {
    return list.sort((a, b) => b.online - a.online || b.update_time.localeCompare(a.update_time));
  }

  function conversation(userId: number): Conversation {
    let found = conversations.get(userId);
    if (!found) {
      found = { userId, records: [], nextPage: 1, loading: false, readTo: 0, typingUntil: 0 };
      conversations.set(userId, found);
    }
    return found;
  }

  async function open(userId: number) {
    currentUserId.value = userId;
    const c = conversation(userId);
    if (c.records.length === 0) await earlier(userId);
    markRead();
  }

  async function earlier(userId: number) {
    const c = conversation(userId);
    if (c.nextPage === null || c.loading) return;
    c.loading = true;
    try {
      const page = await call<Paged<ChatRecord>>(`kefuapi/chat/record?user_id=${userId}&page_no=${c.nextPage}&page_size=${PageSize}`);
      c.records = mergeRecords(c.records, page.list);
      c.nextPage = page.more ? page.page + 1 : null;
      for (const r of page.list) if (r.from_type === "kefu" && r.is_read) c.readTo = Math.max(c.readTo, r.seq);
    } finally {
      c.loading = false;
    }
  }

  function lastSeq(c: Conversation) {
    return lastSeqOf(c.records);
  }

  /** Marks what the agent sees as read: the open conversation, while the tab is visible. */
  function markRead() {
    const row = currentRow.value;
    if (!row || document.visibilityState !== "visible") return;
    if (row.is_read === 0 && socket.send("read", { user_id: row.user_id, shop_id: agent.shop_id })) row.is_read = 1;
  }

  function onReady() {
    notice.value = "";
    rateLimited.value = false;
    // Catch up: every conversation already on screen from its last seq, and the inbox from the top.
    for (const c of conversations.values()) {
      if (c.records.length > 0 || c.nextPage === null) socket.send("sync", { user_id: c.userId, after_seq: lastSeq(c) });
      for (const r of c.records) if (r.pending || r.failed) resend(c, r);
    }
    void loadRows(true).catch(() => undefined);
  }

  function touchRow(record: ChatRecord) {
    const userId = record.from_type === "user" ? record.from_id : record.to_id;
    const row = rows.value.find((r) => r.user_id === userId);
    if (!row) {
      void loadRows(true).catch(() => undefined);
      return;
    }
    if (record.type === 1) {
      row.msg = record.msg;
      row.msg_type = record.msg_type;
      row.update_time = record.create_time;
      if (record.from_type === "user") row.is_read = 0;
    }
    rows.value = sortRows([...rows.value]);
  }

  function onFrame({ event, data }: Frame) {
    switch (event) {
      case "chat": {
        const record = data as ChatRecord;
        const userId = record.from_type === "user" ? record.from_id : record.to_id;
        const c = conversations.get(userId);
        if (c) c.records = mergeRecords(c.records, [record]);
        touchRow(record);
        if (record.from_type === "user") {
          if (c) c.typingUntil = 0;
          if (userId === currentUserId.value) markRead();
          notifyNewMessage(record);
        }
        break;
      }
      case "sync": {
        const c = conversation(Number(data.user_id));
        c.records = mergeRecords(c.records, data.list);
        if (data.more) socket.send("sync", { user_id: c.userId, after_seq: lastSeq(c) });
        break;
      }
      case "user_online":
        rows.value = upsertAll(rows.value, [data]);
        break;
      case "read":
        conversation(Number(data.user_id)).readTo = Math.max(conversation(Number(data.user_id)).readTo, Number(data.read_to));
        break;
      case "typing":
        if (data.from_type === "user") conversation(Number(data.from_id)).typingUntil = Date.now() + 3000;
        break;
      case "transfer":
        if (data.status === "send_success" && transferring.value !== null) {
          rows.value = rows.value.filter((r) => r.user_id !== transferring.value);
          conversations.delete(transferring.value);
          if (currentUserId.value === transferring.value) currentUserId.value = null;
          transferring.value = null;
          notice.value = t("transferred");
        } else if (data.status === "get_success") {
          rows.value = upsertAll(rows.value, [data.user]);
          conversations.delete(Number(data.user.user_id)); // its history now includes the colleague's part
          notifyNewMessage(null);
        }
        break;
      case "error":
        onRefused(String(data.msg));
        break;
    }
  }

  function onRefused(message: string) {
    rateLimited.value = message === "发送过于频繁，请稍后再试";
    notice.value = message;
    transferring.value = null;
    for (const c of conversations.values()) if (failFirstPending(c.records, message)) return;
  }

  function post(userId: number, msg: string, msgType: 1 | 2 | 3) {
    const c = conversation(userId);
    const record = pendingRecord({
      shop_id: agent.shop_id, from_id: agent.id, from_type: "kefu", to_id: userId, to_type: "user", msg, msg_type: msgType,
      from_avatar: agent.avatar, from_nickname: agent.nickname,
    });
    c.records = [...c.records, record];
    resend(c, record);
  }

  function resend(c: Conversation, record: PendingRecord) {
    const live = c.records.find((r) => r.client_msg_id === record.client_msg_id) ?? record;
    live.failed = undefined;
    live.pending = true;
    socket.send("chat", { msg: live.msg, msg_type: live.msg_type, to_id: c.userId, to_type: "user", client_msg_id: live.client_msg_id });
  }

  const typingNotifiers = new Map<number, () => void>();
  function typing(userId: number) {
    if (!typingNotifiers.has(userId)) typingNotifiers.set(userId, typingNotifier(() => socket.send("typing", { to_id: userId, to_type: "user" })));
    typingNotifiers.get(userId)!();
  }

  function transfer(userId: number, kefuId: number) {
    transferring.value = userId;
    socket.send("transfer", { user_id: userId, kefu_id: kefuId });
  }

  document.addEventListener("visibilitychange", markRead);

  return {
    agent, rows, rowsMore, search, conversations, currentUserId, current, currentRow, state, notice, rateLimited, now,
    call, loadRows, open, earlier, post, resend, typing, transfer, markRead,
    start: () => socket.start(),
    stop: () => {
      socket.stop();
      clearInterval(clock);
      document.removeEventListener("visibilitychange", markRead);
    },
  };
}

export type Workbench = ReturnType<typeof createWorkbench>;
