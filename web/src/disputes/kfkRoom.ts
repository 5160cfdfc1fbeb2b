import { ref } from "vue";
import { nativeCall } from "../shared/api";
import { escapeHtml } from "../shared/text";

export interface RoomLine {
  key: string;
  from: string;
  content: string;
  contentType: string;
  time: number;
}

interface HistoryItem {
  type: string;
  content: string;
  created_at: number;
  content_type: string;
}

const typeToFrom: Record<string, string> = { "1": "user", "2": "account", "3": "admin", "4": "sys" };

/** A staff member's connection to one dispute room on the kfk hub (docs/protocols/kfk.md): login, history, say. */
export function openRoom(kfkBase: string, token: string, orderSn: string) {
  const lines = ref<RoomLine[]>([]);
  const status = ref<"connecting" | "online" | "closed" | "refused">("connecting");
  const problem = ref("");
  let socket: WebSocket | null = null;
  let counter = 0;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  async function connect() {
    const { url } = await nativeCall<{ url: string }>(kfkBase, "api/v1/negotiate", token, "POST", { hub: "kfk" });
    socket = new WebSocket(url);
    socket.onopen = () => {
      socket!.send(JSON.stringify({ type: "login", token, data: { type: "admin", authtype: "web", room: orderSn } }));
      heartbeat = setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send("ping"), 20_000);
    };
    socket.onclose = () => {
      clearInterval(heartbeat);
      if (status.value !== "refused") status.value = "closed";
    };
    socket.onmessage = (event) => {
      if (event.data === "pong") return;
      let frame: { msg: string; from: string; time?: number; data: { type: string; content: any } };
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (frame.msg === "login_success") {
        status.value = "online";
        socket!.send(JSON.stringify({ type: "msg_list", order_num: orderSn, page: 1 }));
      } else if (frame.msg === "token_invalid" || frame.msg === "no_login") {
        status.value = "refused";
        problem.value = String(frame.data.content);
      } else if (frame.msg === "error") {
        problem.value = String(frame.data.content);
      } else if (frame.data?.type === "msg_list") {
        const history = (frame.data.content.data as HistoryItem[]).slice().reverse();
        lines.value = [
          ...history.map((h) => ({ key: `h${counter++}`, from: typeToFrom[h.type] ?? h.type, content: h.content, contentType: h.content_type, time: h.created_at })),
          ...lines.value,
        ];
      } else if (frame.msg === "success" && (frame.data?.type === "text" || frame.data?.type === "image")) {
        add(frame.from, String(frame.data.content), frame.data.type, frame.time ?? Math.floor(Date.now() / 1000));
      }
    };
  }

  function add(from: string, content: string, contentType: string, time: number) {
    lines.value = [...lines.value, { key: `l${counter++}`, from, content, contentType, time }];
  }

  /** The sender gets no copy of its own line (the dialect), so it is drawn here. */
  function say(content: string) {
    if (socket?.readyState !== WebSocket.OPEN) return;
    socket.send(JSON.stringify({ type: "say", data: { content, type: "text" } }));
    add("admin", escapeHtml(content), "text", Math.floor(Date.now() / 1000));
  }

  function close() {
    clearInterval(heartbeat);
    socket?.close();
  }

  void connect().catch((error) => {
    status.value = "refused";
    problem.value = String(error?.message ?? error);
  });
  return { lines, status, problem, say, close };
}
