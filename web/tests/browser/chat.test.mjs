// End to end in Chromium against the real local stack (stack.mjs): agents in the workbench, a buyer on the demo shop
// page with the widget, platform staff in the disputes console. Each step builds on the one before.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { expect } from "./expect.mjs";
import { launchBrowser, png, seriousViolations, shot } from "./support.mjs";
import { startStack } from "./stack.mjs";

let stack, browser, agentContext, buyerContext, agent, buyer, colleague;

async function loginAgent(page, account, password) {
  await page.goto(`${stack.appUrl}/app/workbench/`);
  await page.getByLabel("账号", { exact: true }).fill(account);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await expect(() => page.getByTestId("connection").textContent(), (text) => text === "在线", "the workbench connects");
}

const messages = (page, text) => page.getByTestId("text").filter({ hasText: text });

describe("workbench and widget in Chromium", () => {
  before(async () => {
    stack = await startStack();
    browser = await launchBrowser();
    agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    buyerContext = await browser.newContext({ viewport: { width: 1100, height: 760 } });
    agent = await agentContext.newPage();
    buyer = await buyerContext.newPage();
  });

  after(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("an agent logs in while a buyer opens the demo shop page", async () => {
    await agent.goto(`${stack.appUrl}/app/workbench/`);
    await shot(agent, "01-workbench-login");
    await loginAgent(agent, "kefu1", "kefu1-pass");
    await buyer.goto(`${stack.appUrl}/app/demo/`);
    await buyer.getByTestId("launcher").click();
    await expect(() => buyer.getByTestId("agent").textContent(), (text) => text?.includes("客服小王"), "the widget names the agent");
    await shot(buyer, "02-widget-open");
  });

  it("chats both ways, with read receipts and typing", async () => {
    await buyer.getByLabel("消息").fill("你好，在吗？");
    await buyer.keyboard.press("Enter");
    const row = agent.locator('[data-testid="row"][data-user-id="12"]');
    await row.waitFor();
    await expect(() => row.getByTestId("unread").count(), (n) => n === 1, "the row shows an unread badge");
    await shot(agent, "03-workbench-inbox-unread");
    await row.click();
    await messages(agent, "你好，在吗？").waitFor();
    await expect(() => buyer.getByTestId("status").last().textContent(), (t) => t === "已读", "the buyer sees the agent read it");

    await agent.getByLabel("消息").pressSequentially("您好");
    await expect(() => buyer.getByText("对方正在输入…").count(), (n) => n === 1, "the buyer sees the agent typing");
    await agent.getByLabel("消息").fill("您好，请问有什么可以帮您？");
    await agent.keyboard.press("Enter");
    await messages(buyer, "您好，请问有什么可以帮您？").waitFor();
    await expect(() => agent.getByTestId("status").last().textContent(), (t) => t === "已读", "the agent sees the buyer read it");

    await buyer.getByLabel("消息").pressSequentially("我想问");
    await expect(() => agent.getByTestId("typing").textContent(), (t) => t === "对方正在输入…", "the agent sees the buyer typing");
    await buyer.getByLabel("消息").fill("");
    await shot(agent, "04-workbench-conversation");
  });

  it("sends an image both ways, with thumbnail and preview", async () => {
    await buyer.getByTestId("image-input").setInputFiles({ name: "red.png", mimeType: "image/png", buffer: png(64, 48, [220, 38, 38]) });
    await agent.getByTestId("image").first().waitFor();
    await agent.getByTestId("image-input").setInputFiles({ name: "blue.png", mimeType: "image/png", buffer: png(48, 64, [29, 78, 216]) });
    await expect(() => buyer.getByTestId("image").count(), (n) => n === 2, "the buyer sees both images");
    const thumbnail = await buyer.getByTestId("image").last().locator("img").getAttribute("src");
    assert.match(thumbnail, /\/media\/[0-9a-f]{64}\/thumb$/);
    await buyer.getByTestId("image").last().click();
    await buyer.getByRole("dialog", { name: "图片预览" }).waitFor();
    await shot(buyer, "05-widget-image-preview");
    await buyer.keyboard.press("Escape");
    await expect(() => buyer.getByRole("dialog", { name: "图片预览" }).count(), (n) => n === 0, "the preview closes with Escape");
  });

  it("sends goods cards: the buyer asks about an item, the agent sends one from the orders panel", async () => {
    await buyer.getByRole("button", { name: "咨询此商品" }).last().click();
    await agent.getByTestId("goods").filter({ hasText: "游戏点卡 100 元" }).waitFor();
    await agent.getByTestId("order").filter({ hasText: "kfk666" }).getByTestId("send-goods").click();
    await buyer.getByTestId("goods").filter({ hasText: "视频会员月卡" }).waitFor();
    await shot(buyer, "06-widget-goods");
  });

  it("inserts a quick reply found by search", async () => {
    await agent.getByTestId("quick-replies").click();
    await agent.getByTestId("reply-search").fill("发货");
    await expect(() => agent.getByTestId("reply").count(), (n) => n === 1, "the search keeps one reply");
    await shot(agent, "07-workbench-quick-replies");
    await agent.getByTestId("reply").click();
    assert.equal(await agent.getByLabel("消息").inputValue(), "付款后 5 分钟内自动发货，请留意订单页面。");
    await agent.keyboard.press("Enter");
    await messages(buyer, "付款后 5 分钟内自动发货").waitFor();
  });

  it("the buyer's network drops and comes back: nothing missed, nothing doubled", async () => {
    await buyerContext.setOffline(true);
    await expect(() => buyer.getByTestId("banner").textContent(), (t) => t?.includes("网络已断开"), "the widget says it is offline");
    await shot(buyer, "08-widget-offline");
    for (const text of ["断线期间的第一条", "断线期间的第二条"]) {
      await agent.getByLabel("消息").fill(text);
      await agent.keyboard.press("Enter");
      await agent.getByTestId("status").last().filter({ hasText: "未读" }).waitFor();
    }
    await buyerContext.setOffline(false);
    await messages(buyer, "断线期间的第二条").waitFor();
    assert.equal(await messages(buyer, "断线期间的第一条").count(), 1);
    assert.equal(await messages(buyer, "断线期间的第二条").count(), 1);
    assert.equal(await messages(buyer, "您好，请问有什么可以帮您？").count(), 1);
    // The list is merged by seq (sorted and unique by construction); what can go wrong is a record missed in between.
    const seqOf = async (text) => Number(await buyer.getByTestId("message").filter({ hasText: text }).getAttribute("data-seq"));
    assert.equal(await seqOf("断线期间的第二条"), (await seqOf("断线期间的第一条")) + 1);
  });

  it("transfers the buyer to a colleague in a second browser context", async () => {
    const colleagueContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    colleague = await colleagueContext.newPage();
    await loginAgent(colleague, "kefu2", "kefu2-pass");
    await agent.getByTestId("transfer").click();
    await agent.getByTestId("colleague").filter({ hasText: "客服小李" }).click();
    await expect(() => agent.locator('[data-testid="row"][data-user-id="12"]').count(), (n) => n === 0, "the row leaves the first agent");
    const row = colleague.locator('[data-testid="row"][data-user-id="12"]');
    await row.waitFor();
    await buyer.getByTestId("notice").filter({ hasText: "客服(客服小李)为您服务" }).waitFor();
    await expect(() => buyer.getByTestId("agent").textContent(), (t) => t?.includes("客服小李"), "the widget names the new agent");
    await row.click();
    await messages(colleague, "断线期间的第二条").waitFor();
    await colleague.getByLabel("消息").fill("我是客服小李，接着为您服务");
    await colleague.keyboard.press("Enter");
    await messages(buyer, "我是客服小李").waitFor();
    await shot(colleague, "09-workbench-after-transfer");
  });

  it("an expired session sends the agent back to the login page", async () => {
    const token = await colleague.evaluate(() => JSON.parse(sessionStorage.getItem("kfk-workbench-session")).token);
    const logout = await fetch(`${stack.appUrl}/kefuapi/account/logout`, { method: "POST", headers: { token, "content-type": "application/json" }, body: "{}" });
    assert.equal((await logout.json()).code, 1);
    await colleague.getByTestId("search").fill("Jason");
    await colleague.getByTestId("ended").waitFor();
    assert.equal(await colleague.getByTestId("ended").textContent(), "登录已过期，请重新登录");
    await shot(colleague, "10-workbench-session-expired");
  });

  it("shows the shop's manual contact card when no agent is online, in the mobile layout", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await phone.newPage();
    await page.goto(`${stack.appUrl}/app/demo/?shop=106&buyer=13`);
    await page.getByTestId("launcher").click();
    const card = page.getByTestId("contact-card");
    await card.waitFor();
    assert.match(await card.textContent(), /400-800-0106/);
    const box = await page.getByTestId("panel").boundingBox();
    assert.equal(Math.round(box.width), 390);
    await shot(page, "11-widget-mobile-contact-card");
    await phone.close();
  });

  it("platform staff act on the demo dispute in the disputes console", async () => {
    const staffContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const staff = await staffContext.newPage();
    await staff.goto(`${stack.appUrl}/app/workbench/`);
    await staff.getByRole("tab", { name: "投诉处理（平台人员）" }).click();
    await staff.getByLabel("平台管理员令牌").fill(stack.staffToken);
    await staff.getByRole("button", { name: "登录" }).click();
    await staff.getByTestId("dispute").filter({ hasText: "kfk666" }).click();
    await staff.getByTestId("room-line").first().waitFor();
    await staff.getByLabel("发言").fill("平台已介入，请双方保持沟通");
    await staff.getByLabel("发言").press("Enter");
    await staff.getByTestId("room-line").filter({ hasText: "平台已介入" }).waitFor();
    for (const action of ["handle", "refund", "finish"]) {
      await staff.getByTestId(`act-${action}`).click();
      await expect(() => staff.getByTestId(`act-${action}`).isDisabled(), (d) => d, `${action} is done`);
    }
    assert.equal(await staff.getByTestId("dispute-state").textContent(), "已办理退款,投诉已处理完成");
    await shot(staff, "12-disputes-console");
    const reopened = await fetch(`${stack.appUrl}/api/v1/disputes?order_sn=kfk666&status=closed`, { headers: { "x-kfk-api-key": stack.apiKey } });
    assert.equal((await reopened.json()).list[0].report_finish, 1);
    assert.deepEqual(await seriousViolations(staff), []);
    await staffContext.close();
  });

  it("axe-core finds no serious or critical violation on the demo page with the widget open", async () => {
    assert.deepEqual(await seriousViolations(buyer), []);
  });

  it("axe-core finds no serious or critical violation in the workbench", async () => {
    assert.deepEqual(await seriousViolations(agent), []);
    const login = await agentContext.newPage();
    await login.goto(`${stack.appUrl}/app/workbench/?lang=en`);
    await login.evaluate(() => sessionStorage.clear());
    await login.reload();
    await login.getByRole("button", { name: "Log in" }).waitFor();
    assert.deepEqual(await seriousViolations(login), []);
    await shot(login, "13-workbench-login-english");
  });
});
