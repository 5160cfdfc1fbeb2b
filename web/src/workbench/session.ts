import { ref } from "vue";

export interface AgentSession {
  kind: "kefu";
  token: string;
  id: number;
  nickname: string;
  avatar: string;
  shop_id: number;
  account: string;
}

export interface StaffSession {
  kind: "staff";
  token: string;
}

export type Session = AgentSession | StaffSession;

const key = "kfk-workbench-session";

function restore(): Session | null {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? "null");
  } catch {
    return null;
  }
}

/** The signed-in agent or staff member, kept for this tab (a reload stays signed in, a new tab logs in). */
export const session = ref<Session | null>(restore());
/** Why the last session ended, shown on the login page. */
export const endedBecause = ref("");

export function signIn(value: Session) {
  session.value = value;
  endedBecause.value = "";
  sessionStorage.setItem(key, JSON.stringify(value));
}

export function signOut(reason = "") {
  session.value = null;
  endedBecause.value = reason;
  sessionStorage.removeItem(key);
}

/** The app that serves this page is Kfk (the workbench is served at /app/workbench/). */
export const kfkBase = new URL("/", location.href).href;
