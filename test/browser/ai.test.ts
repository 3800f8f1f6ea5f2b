import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { answerableQuery, createDealershipWithKey, stockAndEmbed } from "./support/ai-fixtures";
import { devSignIn, launchChromium, screenshot, seriousA11yViolations } from "./support/browser";

const stack = inject("browserStack");
const skip = stack.skipReason;

describe.skipIf(skip)(`admin AI screens in chromium${skip ? ` (SKIPPED: ${skip})` : ""}`, () => {
  let browser: Browser;
  let page: Page;
  let dealershipId = "";
  let query: ReturnType<typeof answerableQuery>;
  let replyCost = "";

  async function noSeriousA11y(screen: string) {
    expect(await seriousA11yViolations(page), `${screen}: serious/critical axe violations`).toEqual([]);
  }

  beforeAll(async () => {
    const d = await createDealershipWithKey(stack.apiUrl, "Lakeside Motors");
    dealershipId = d.id;
    const vehicles = await stockAndEmbed(stack.apiUrl, d.id, {
      seed: 21,
      count: 40,
      dealershipIndex: 21,
      siteUrl: "https://lakeside.example",
    });
    query = answerableQuery(vehicles);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await devSignIn(page, stack.adminUrl, "dealer_admin", "Lakeside Motors");
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("semantic search shows what it recognised as chips, and only matching vehicles", async () => {
    await page.getByRole("link", { name: "Lakeside Motors" }).click();
    await page.getByRole("link", { name: "AI search" }).click();
    await page.getByText("Type what a shopper would").waitFor();
    await page.getByLabel("Search the inventory in plain words").fill(query.text);
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const chips = page.getByRole("list", { name: "Recognised filters" }).getByRole("listitem");
    await chips.first().waitFor();
    const chipTexts = await chips.allTextContents();
    expect(chipTexts.some((c) => c.startsWith(`Make: ${query.make}`))).toBe(true);
    expect(
      chipTexts.some((c) => c.startsWith(`Up to $${query.ceilingDollars.toLocaleString("en-US")}`)),
    ).toBe(true);
    await page.getByText("Mode: Semantic").waitFor();
    const rows = page.locator("table.results tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      expect(await row.locator("td").first().textContent()).toContain(query.make);
      const price = Number((await row.locator("td").nth(1).textContent())!.replace(/[$,]/g, ""));
      expect(price).toBeLessThanOrEqual(query.ceilingDollars);
      expect(Number(await row.locator("td").nth(4).textContent())).toBeGreaterThan(0); // a similarity score
    }
    expect(page.url()).toContain(`q=${encodeURIComponent(query.text).replace(/%20/g, "+")}`);
    await noSeriousA11y("ai-search");
    await screenshot(page, "ai-search", true);
  });

  it("the chat playground streams the answer, cites a vehicle as a card, and shows tokens and cost", async () => {
    await page.getByRole("link", { name: "Chat" }).click();
    await page.getByRole("heading", { name: "Chat playground" }).waitFor();
    // Count how often the answer's text changes while it streams (deltas arrive as separate events).
    await page.evaluate(`(() => {
      window.answerLengths = [];
      new MutationObserver(() => {
        const n = document.querySelector(".bubble-bot .answer")?.textContent?.length ?? 0;
        if (n && window.answerLengths.at(-1) !== n) window.answerLengths.push(n);
      }).observe(document.querySelector(".chat-log"), { subtree: true, childList: true, characterData: true });
    })()`);
    const message = page.getByLabel("Message");
    await message.fill(`Do you have a ${query.make} under $${query.ceilingDollars}? Tell me about it.`);
    await message.press("Enter");
    const reply = page.getByTestId("assistant-reply").first();
    const card = reply.getByRole("list", { name: "Cited vehicles" }).getByRole("link").first();
    await card.waitFor();
    await reply.getByTestId("reply-usage").waitFor();
    await page.locator('.chat-log[aria-busy="false"]').waitFor();
    expect(await card.textContent()).toContain(query.make);
    expect(await card.getAttribute("href")).toMatch(
      new RegExp(`^/dealerships/${dealershipId}/vehicles/veh_[0-9a-z]{26}$`),
    );
    const lengths = (await page.evaluate("window.answerLengths")) as number[];
    expect(lengths.length, "the answer arrived in several pieces").toBeGreaterThanOrEqual(2);
    const usage = (await reply.getByTestId("reply-usage").textContent())!;
    expect(usage).toMatch(/[1-9][\d,]* input \+ [1-9][\d,]* output tokens/);
    expect(usage).toContain("openai gpt-4o-mini");
    replyCost = (await reply.getByTestId("reply-cost").textContent())!;
    expect(replyCost).toMatch(/^\$0\.0\d*[1-9]\d*$/); // real (small, non-zero) cost at gpt-4o-mini prices
    await noSeriousA11y("chat");
    await screenshot(page, "ai-chat", true);

    // The card opens the vehicle.
    await card.click();
    await page.getByRole("heading", { name: "Price history" }).waitFor();
  });

  it("AI usage shows the reply's cost per day and feature; a budget set there stops the next reply", async () => {
    await page.goto(`${stack.adminUrl}/dealerships/${dealershipId}/ai-usage`);
    await page.getByRole("heading", { name: "Cost per day" }).waitFor();
    await page.locator(".chart canvas").first().waitFor();
    const chatRow = page.locator('table.usage tbody tr[data-feature="chat"]');
    await chatRow.waitFor();
    expect(await chatRow.locator("td").nth(2).textContent()).toBe("1"); // one call
    expect(await chatRow.locator("td").last().textContent()).toBe(replyCost);
    await page.locator('table.usage tbody tr[data-feature="search"]').first().waitFor();
    await noSeriousA11y("ai-usage");
    await screenshot(page, "ai-usage", true);

    // A daily budget below today's spend: the next answer is refused with a clear error event.
    await page.getByLabel("Daily budget (USD)").fill("0.000001");
    await page.getByRole("button", { name: "Save budgets" }).click();
    await page.getByText("Budgets saved.").waitFor();
    await page.getByText("of $0.000001 (set here)").waitFor();
    await page.getByRole("link", { name: "Chat" }).click();
    await page.getByLabel("Message").fill("Anything cheaper?");
    await page.getByRole("button", { name: "Send" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "The answer stopped: budget exceeded" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/budget/i);
    await screenshot(page, "ai-chat-budget-exceeded");

    // Back to the default: the field left blank.
    await page.getByRole("link", { name: "AI usage" }).click();
    await page.getByLabel("Daily budget (USD)").fill("");
    await page.getByRole("button", { name: "Save budgets" }).click();
    await page.getByText("Budgets saved.").waitFor();
    await page.locator("dd", { hasText: "(default)" }).first().waitFor();
  });
});
