// The likeshop hub sends text HTML-escaped (as the original server did); the UIs render plain text, so it is decoded once.
const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#039;": "'", "&#39;": "'", "&#x27;": "'" };

export function unescapeHtml(text: string): string {
  return text.replace(/&(?:lt|gt|amp|quot|#0?39|#x27);/g, (m) => entities[m] ?? m);
}

const escapes: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&#039;" };

/** The hub's escaping of a line, for a line drawn locally next to those the hub sent (then shown through unescapeHtml). */
export function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => escapes[c]);
}

export function timeOf(stamp: number): string {
  const d = new Date(stamp * 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  const today = new Date();
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === today.toDateString() ? hm : `${d.getMonth() + 1}-${pad(d.getDate())} ${hm}`;
}
