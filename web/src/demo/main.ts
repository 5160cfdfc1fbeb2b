// The demo shop page: embeds the widget as any shop would, with the demo token endpoint of the app standing in for the
// platform's own (it mints a Kfk user token for the demo buyer named by ?buyer=, 12 by default).
const params = new URLSearchParams(location.search);
const buyer = /^\d+$/.test(params.get("buyer") ?? "") ? params.get("buyer")! : "12";

const script = document.createElement("script");
script.src = "/app/widget.js";
script.dataset.shopId = /^\d+$/.test(params.get("shop") ?? "") ? params.get("shop")! : "105";
script.dataset.tokenEndpoint = `/app/demo/token?user_id=${buyer}`;
if (params.get("lang") === "en") script.dataset.lang = "en";
document.body.append(script);

for (const button of document.querySelectorAll<HTMLButtonElement>("button[data-goods-id]")) {
  button.addEventListener("click", () => (window as unknown as { KfkChat?: { sendGoods(id: string): void } }).KfkChat?.sendGoods(button.dataset.goodsId!));
}
