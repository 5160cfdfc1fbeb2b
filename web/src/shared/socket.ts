import type { Frame } from "./records";
import { SessionExpiredError } from "./api";

export type ConnectionState = "connecting" | "online" | "offline" | "expired";

export interface SocketHandlers {
  /** Every server frame except the heartbeat. */
  frame(frame: Frame): void;
  state(state: ConnectionState): void;
  /** After each `login` frame: the place to `sync` what was missed while away. */
  ready(): void;
}

const PingAfterSilenceMs = 10_000;
const DeadAfterSilenceMs = 20_000;

/**
 * A likeshop hub connection that stays up: heartbeat pings after 10 s of silence, reconnects with back-off (at once when
 * the browser comes back online), and stops for good when the URL factory says the session is gone.
 */
export class LikeshopSocket {
  private socket: WebSocket | null = null;
  private attempt = 0;
  private closedByUs = false;
  private lastFrameAt = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private retry: ReturnType<typeof setTimeout> | null = null;
  state: ConnectionState = "connecting";

  constructor(private readonly url: () => Promise<string>, private readonly handlers: SocketHandlers) {
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOffline);
  }

  start(): void {
    this.closedByUs = false;
    void this.open();
  }

  stop(): void {
    this.closedByUs = true;
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOffline);
    this.clearTimers();
    this.socket?.close();
    this.socket = null;
  }

  /** Sends when connected; false when not (the caller keeps the message to resend after `ready`). */
  send(event: string, data: unknown): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN || this.state !== "online") return false;
    this.socket.send(JSON.stringify({ event, data }));
    return true;
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.handlers.state(state);
  }

  private async open(): Promise<void> {
    this.setState("connecting");
    let url: string;
    try {
      url = await this.url();
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        this.setState("expired");
        this.stop();
      } else this.scheduleRetry();
      return;
    }
    if (this.closedByUs) return;
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onmessage = (message) => {
      this.lastFrameAt = Date.now();
      let frame: Frame;
      try {
        frame = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (frame.event === "ping") return;
      if (frame.event === "login") {
        this.attempt = 0;
        this.setState("online");
        this.handlers.ready();
        return;
      }
      this.handlers.frame(frame);
    };
    socket.onopen = () => {
      this.lastFrameAt = Date.now();
      this.startHeartbeat();
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (!this.closedByUs) this.scheduleRetry();
    };
  }

  private startHeartbeat(): void {
    this.clearTimers();
    this.timer = setInterval(() => {
      const silence = Date.now() - this.lastFrameAt;
      if (silence > DeadAfterSilenceMs) this.socket?.close();
      else if (silence > PingAfterSilenceMs && this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify({ event: "ping" }));
    }, 2_000);
  }

  private scheduleRetry(): void {
    this.setState(navigator.onLine ? "connecting" : "offline");
    if (!navigator.onLine) return; // the `online` event reconnects
    const delay = Math.min(15_000, 500 * 2 ** this.attempt++);
    this.retry = setTimeout(() => void this.open(), delay);
  }

  private clearTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.timer = this.retry = null;
  }

  private readonly onOnline = () => {
    if (this.closedByUs || this.socket) return;
    this.clearTimers();
    this.attempt = 0;
    void this.open();
  };

  private readonly onOffline = () => {
    if (this.closedByUs) return;
    const socket = this.socket;
    this.socket = null;
    this.clearTimers();
    socket?.close();
    this.setState("offline");
  };
}
