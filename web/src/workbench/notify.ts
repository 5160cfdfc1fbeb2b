import { t } from "../shared/i18n";
import { unescapeHtml } from "../shared/text";
import type { ChatRecord } from "../shared/records";

// While the tab is hidden, new messages show in the title ("(3) 客服工作台"), as a desktop notification and a short tone.
let hiddenCount = 0;
const baseTitle = document.title;

document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    hiddenCount = 0;
    document.title = baseTitle;
  }
});

export function notifyNewMessage(record: ChatRecord | null) {
  if (document.visibilityState === "visible") return;
  hiddenCount++;
  document.title = `(${hiddenCount}) ${baseTitle}`;
  const body = !record ? t("transfer") : record.msg_type === 1 ? unescapeHtml(record.msg) : record.msg_type === 2 ? t("image") : t("goodsMsg");
  if ("Notification" in window && Notification.permission === "granted") {
    new Notification(record ? `${t("newMessage")} · ${record.from_nickname}` : t("newMessage"), { body, tag: "kfk-workbench" });
  }
  beep();
}

export function askNotificationPermission() {
  if ("Notification" in window && Notification.permission === "default") void Notification.requestPermission();
}

function beep() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.value = 0.05;
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.15);
    tone.onended = () => void audio.close();
  } catch {
    /* no audio: the title and notification are enough */
  }
}
