import { gzipSync } from "node:zlib";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DemoSiteHandle, startDemoSite } from "../../web/demo-site/src/index";
import { answerableQuery, createDealershipWithKey, stockAndEmbed } from "./support/ai-fixtures";
import { apiCall, launchChromium, screenshot, seriousA11yViolations } from "./support/browser";

const stack = inject("browserStack");
const skip = stack.skipReason;

/** Page CSS written to break any widget that does not isolate itself. */
const HOSTILE_CSS = `
  * { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", cursive !important;
      font-size: 40px !important; letter-spacing: 6px !important; line-height: 3 !important; }
  body { text-transform: uppercase; font-style: italic; }
  button, input, textarea, ul, li, a { display: none !important; }
  .launcher, .panel, .card, .chip, [role="tab"] { background: rgb(0, 255, 0) !important; visibility: hidden !important; }
  forecourt-widget { font-size: 60px !important; color: rgb(255, 0, 0) !important; }
`;

describe.skipIf(skip)(`the dealer-site widget on the demo site${skip ? ` (SKIPPED: ${skip})` : ""}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let site: DemoSiteHandle;
  let query: ReturnType<typeof answerableQuery>;
  let dealershipId = "";
  const consoleErrors: string[] = [];

  const widget = () => page.locator("forecourt-widget");
  /** The element focused inside the widget's shadow root (its id or text). */
  const focusedInWidget = () =>
    page.evaluate(`(() => {
      const el = document.querySelector("forecourt-widget")?.shadowRoot?.activeElement;
      return el ? el.id || el.textContent || el.tagName : null;
    })()`);

  beforeAll(async () => {
    const d = await createDealershipWithKey(stack.apiUrl, "Harbour Cars");
    dealershipId = d.id;
    // The dealer's website embeds the widget with the publishable key: the demo site's widget slot.
    site = await startDemoSite({
      port: 0,
      seed: 31,
      count: 24,
      dealershipIndex: 31,
      dealerName: "Harbour Cars",
      style: "jsonld",
      widgetScriptUrl: `${stack.widgetUrl}?api=${encodeURIComponent(stack.apiUrl)}`,
      widgetApiKey: d.key,
    });
    const vehicles = await stockAndEmbed(stack.apiUrl, d.id, {
      seed: 31,
      count: 24,
      dealershipIndex: 31,
      siteUrl: site.url,
    });
    query = answerableQuery(vehicles);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("is one small script tag with the publishable key on every page of the dealer's site", async () => {
    const html = await (await fetch(site.url)).text();
    expect(html).toMatch(
      /<script src="[^"]+\/widget\.js\?api=[^"]+" data-api-key="fc_pk_[0-9A-Za-z]+" async>/,
    );
    const js = Buffer.from(await (await fetch(stack.widgetUrl)).arrayBuffer());
    const gz = gzipSync(js, { level: 9 }).length;
    console.log(`[widget] widget.js ${js.length} B, ${gz} B gzipped`);
    expect(gz).toBeLessThan(10_000);
  });

  it("searches the inventory inside its shadow root: chips for what it understood, cards linking to the vehicle pages", async () => {
    await page.goto(site.url);
    const launcher = widget().getByRole("button", { name: "Search & ask" });
    await launcher.waitFor();
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    await launcher.click();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    await widget().getByRole("dialog", { name: "Find your next car" }).waitFor();
    expect(await focusedInWidget()).toBe("fc-q"); // focus moved into the panel

    await page.keyboard.type(query.text);
    await page.keyboard.press("Enter");
    const status = widget().getByRole("status");
    await expect.poll(() => status.textContent(), { timeout: 15_000 }).toMatch(/^\d+ vehicles? found\.$/);
    const chips = await widget()
      .getByRole("list", { name: "Understood as" })
      .getByRole("listitem")
      .allTextContents();
    expect(chips).toContain(`Make: ${query.make}`);
    expect(chips).toContain(`Up to $${query.ceilingDollars.toLocaleString("en-US")}`);
    const cards = widget().getByRole("list", { name: "Matching vehicles" }).getByRole("link");
    expect(await cards.count()).toBeGreaterThan(0);
    for (const card of await cards.all()) {
      expect(await card.textContent()).toContain(query.make);
      expect(await card.getAttribute("href")).toMatch(new RegExp(`^${site.url}/inventory/`));
    }
    expect(await seriousA11yViolations(page, "forecourt-widget"), "widget: axe").toEqual([]);
    await screenshot(page, "widget-search", true);

    // A card is the vehicle's own page on the dealer's site.
    const first = cards.first();
    const title = (await first.locator(".title").textContent())!;
    await first.click();
    await page.waitForURL(/\/inventory\/.+/);
    expect(await page.locator("h1").first().textContent()).toContain(title.split(" ").slice(0, 3).join(" "));
  });

  it("chats: the streamed answer is announced politely, cited vehicles become cards, errors are alerts, Esc returns focus", async () => {
    await page.goto(site.url);
    await widget().getByRole("button", { name: "Search & ask" }).click();
    // Keyboard: arrow key from the Search tab to the chat tab.
    await widget().getByRole("tab", { name: "Search" }).focus();
    await page.keyboard.press("ArrowRight");
    const chatTab = widget().getByRole("tab", { name: "Ask a question" });
    expect(await chatTab.getAttribute("aria-selected")).toBe("true");
    expect(await focusedInWidget()).toBe("fc-tab-chat");

    const log = widget().getByRole("log", { name: "Conversation" });
    expect(await log.getAttribute("aria-live")).toBe("polite");
    await widget()
      .getByLabel("Your question")
      .fill(`Which ${query.make} do you have under $${query.ceilingDollars}?`);
    await page.keyboard.press("Enter");
    const answer = log.locator(".msg.bot").last();
    await answer.locator(".card a").first().waitFor({ timeout: 20_000 });
    await log.locator(".msg.bot:not([aria-busy])").last().waitFor();
    const text = (await answer.locator(".text").textContent())!;
    expect(text).toContain(query.make);
    expect(text).not.toMatch(/\[veh_/); // markers are for machines
    const href = await answer.locator(".card a").first().getAttribute("href");
    expect(href).toMatch(new RegExp(`^${site.url}/inventory/`));
    expect(await answer.getByRole("alert").isHidden()).toBe(true);
    expect(await seriousA11yViolations(page, "forecourt-widget"), "widget chat: axe").toEqual([]);
    await screenshot(page, "widget-chat", true);

    // An error event (the dealership's AI budget is spent) is shown as an alert in the answer.
    const budget = (daily: number | null) =>
      apiCall(stack.apiUrl, "PATCH", `/v1/dealerships/${dealershipId}/ai/budget`, { dailyMicroUsd: daily });
    expect((await budget(1)).status).toBe(200);
    await widget().getByLabel("Your question").fill("And anything cheaper?");
    await page.keyboard.press("Enter");
    const refused = log.locator(".msg.bot").nth(1);
    await refused.getByRole("alert").waitFor();
    expect(await refused.getByRole("alert").textContent()).toMatch(/budget/i);
    await expect.poll(() => refused.getAttribute("aria-busy")).toBeNull();
    expect((await budget(null)).status).toBe(200);

    await page.keyboard.press("Escape");
    await widget().getByRole("dialog").waitFor({ state: "hidden" });
    expect(await focusedInWidget()).toBe("Search & ask");
    expect(consoleErrors).toEqual([]);
  });

  it("the host page's CSS cannot restyle or hide it", async () => {
    await page.goto(site.url);
    await page.addStyleTag({ content: HOSTILE_CSS });
    const launcher = widget().getByRole("button", { name: "Search & ask" });
    await launcher.waitFor(); // still visible
    const style = (l: Locator) =>
      l.evaluate((el) => {
        const s = (
          globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }
        ).getComputedStyle(el);
        return {
          color: s.color,
          size: s.fontSize,
          spacing: s.letterSpacing,
          font: s.fontFamily,
          vis: s.visibility,
        };
      });
    expect(await style(launcher)).toMatchObject({
      color: "rgb(255, 255, 255)",
      size: "15px",
      spacing: "normal",
      vis: "visible",
    });
    expect((await style(launcher)).font).not.toMatch(/Comic/);
    await launcher.click();
    const input = widget().getByLabel("Describe the car you want");
    await input.waitFor();
    expect((await style(input)).color).toBe("rgb(31, 41, 55)");
    expect((await style(widget().getByRole("heading", { name: "Find your next car" }))).size).toBe("17px");
  });

  it("fits a phone screen: the panel takes the whole viewport", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 760 },
      isMobile: true,
      hasTouch: true,
    });
    const p = await phone.newPage();
    await p.goto(site.url);
    await p.locator("forecourt-widget").getByRole("button", { name: "Search & ask" }).click();
    const box = await p.locator("forecourt-widget").getByRole("dialog").boundingBox();
    expect(box).toMatchObject({ x: 0, y: 0, width: 390, height: 760 });
    await screenshot(p, "widget-phone", true);
    await phone.close();
  });
});
