import { createApp } from "vue";
import Widget from "./Widget.vue";
import { BuyerSession } from "./session";
import { setLang } from "../shared/i18n";
import chatCss from "../shared/chat.css?inline";
import widgetCss from "./widget.css?inline";

// <script src="https://<kfk>/app/widget.js" data-shop-id="105" data-token-endpoint="/my/kfk-token" [data-lang="en"]>
// Everything lives in one shadow root: no global CSS, no globals but window.KfkChat (open, sendGoods).
const script = document.currentScript as HTMLScriptElement | null;
if (script) start(script);

function start(tag: HTMLScriptElement) {
  const shopId = Number(tag.dataset.shopId ?? "0");
  const tokenEndpoint = tag.dataset.tokenEndpoint;
  if (!Number.isInteger(shopId) || shopId < 0 || !tokenEndpoint) {
    console.error("Kfk widget: data-shop-id (a shop id) and data-token-endpoint are required");
    return;
  }
  if (tag.dataset.lang === "en" || tag.dataset.lang === "zh-CN") setLang(tag.dataset.lang, false);
  const kfkBase = new URL("../", tag.src).href;
  const session = new BuyerSession(kfkBase, new URL(tokenEndpoint, location.href).href);

  const host = document.createElement("div");
  host.id = "kfk-chat-widget";
  const shadow = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = chatCss + widgetCss;
  const mount = document.createElement("div");
  shadow.append(style, mount);
  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);

  const widget = createApp(Widget, { session, shopId }).mount(mount) as unknown as { open(): void; sendGoods(id: number | string): void };
  (window as unknown as { KfkChat: unknown }).KfkChat = { open: () => widget.open(), sendGoods: (id: number | string) => widget.sendGoods(id) };
}
