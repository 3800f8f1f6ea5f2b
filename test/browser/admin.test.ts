import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { devVars } from "../../scripts/lib/dev-config";
import { apiCall, launchChromium, screenshot, seriousA11yViolations, siteAdmin } from "./support/browser";
import { ROOT } from "./support/stack";

const stack = inject("browserStack");
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });
const skip = stack.skipReason;

describe.skipIf(skip)(`admin UI in chromium${skip ? ` (SKIPPED: ${skip})` : ""}`, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let riversideId = "";
  let hilltopId = "";
  let deadJobId = "";
  const a11y: Record<string, string[]> = {};

  async function checkA11y(screen: string) {
    a11y[screen] = await seriousA11yViolations(page);
    expect(a11y[screen], `${screen}: serious/critical axe violations`).toEqual([]);
  }

  async function devSignIn(role: string, dealershipName?: string) {
    await page.goto(`${stack.adminUrl}/sign-in`);
    await page.getByLabel("Role").selectOption(role);
    if (dealershipName) {
      const select = page.getByLabel("Dealership", { exact: true });
      await select.locator("option", { hasText: dealershipName }).waitFor({ state: "attached" });
      const value = await select.locator("option", { hasText: dealershipName }).getAttribute("value");
      await select.selectOption(value!);
    }
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByRole("heading", { name: "Dealerships", level: 1 }).waitFor();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("signs in with the dev sign-in (operator) and shows an empty dealership list", async () => {
    await page.goto(stack.adminUrl);
    await poll(() => page.url()).toMatch(/\/sign-in$/);
    await page.getByRole("heading", { name: "Development sign-in" }).waitFor();
    await checkA11y("sign-in");
    await screenshot(page, "sign-in");
    // Empty on a fresh stack; the AI and widget test files add their own dealerships and may run first.
    const existing = (await apiCall(stack.apiUrl, "GET", "/v1/dealerships?limit=1")).body.items[0];
    await devSignIn("platform_admin");
    if (existing) await page.getByRole("link", { name: existing.name }).waitFor();
    else await page.getByText("No dealerships yet.").waitFor();
    await expect(page.getByText("Platform admin")).toBeTruthy();
  });

  it("onboards a dealership through the form, with the API's validation message on a bad website", async () => {
    await page.getByRole("link", { name: "Onboard a dealership" }).click();
    await page.getByLabel("Name").fill("Riverside Motors");
    await page.getByLabel("Website").fill("not a url");
    await page.getByLabel("Timezone").fill("America/Chicago");
    await page.getByRole("button", { name: "Create dealership" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Not saved" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/req_[0-9a-z]{26}/); // the request id is shown
    await checkA11y("onboarding");
    await page.getByLabel("Website").fill(stack.sites.main);
    await page.getByRole("button", { name: "Create dealership" }).click();
    await page.getByRole("heading", { name: /Riverside Motors/, level: 1 }).waitFor();
    riversideId = page.url().split("/dealerships/")[1]!;
    expect(riversideId).toMatch(/^dlr_[0-9a-z]{26}$/);
    await page.getByText("Never scraped.").waitFor();

    // A publishable key: shown once, then listed by prefix only.
    await page.getByLabel("Key name").fill("Website");
    await page.getByRole("button", { name: "Create key" }).click();
    const key = (await page.getByTestId("new-api-key").textContent())!;
    expect(key).toMatch(/^fc_pk_[0-9A-Za-z]{40}$/);
    expect(await page.getByTestId("widget-snippet").textContent()).toBe(
      `<script src="${stack.adminUrl}/widget.js" data-key="${key}" data-api="${stack.apiUrl}" async></script>`,
    );
    await page
      .getByRole("cell", { name: `${key.slice(0, 12)}`, exact: false })
      .first()
      .waitFor();
    await checkA11y("dealership-overview");

    const other = await apiCall(stack.apiUrl, "POST", "/v1/dealerships", {
      name: "Hilltop Autos",
      websiteUrl: stack.sites.faulty,
    });
    expect(other.status).toBe(201);
    hilltopId = other.body.id;
  });

  it("runs a scrape and follows its live progress over the WebSocket until it is done", async () => {
    await siteAdmin(stack.sites.main, "set?slowMs=60");
    const frames: { status: string; version: number; final: boolean }[] = [];
    page.on("websocket", (ws) => {
      ws.on("framereceived", (f) => {
        const text = typeof f.payload === "string" ? f.payload : f.payload.toString();
        if (!text.startsWith("{")) return;
        const frame = JSON.parse(text);
        if (frame.type === "progress")
          frames.push({ status: frame.job.status, version: frame.job.version, final: frame.final });
      });
    });
    await page.getByRole("link", { name: "Scrapes" }).click();
    await page.getByText("No scrapes yet.").waitFor();
    await page.getByRole("button", { name: "Start a scrape" }).click();
    await page.getByRole("heading", { name: /Scrape of 127\.0\.0\.1/ }).waitFor();
    // Frames arrive while the job runs (the page's own WebSocket, seen through the browser's devtools).
    await expect.poll(() => frames.length, { timeout: 60_000, interval: 50 }).toBeGreaterThanOrEqual(1);
    await screenshot(page, "scrape-live");
    await page.locator(".live-done").waitFor({ timeout: 90_000 });
    await page.locator(".job-progress .badge", { hasText: "Succeeded" }).waitFor();
    expect(await page.getByTestId("vehicles-found").textContent()).toBe("30");
    expect(await page.locator("progress").first().getAttribute("value")).toBe("100");
    // Several progress frames arrived while it ran, versions increasing, the last one final.
    expect(frames.length).toBeGreaterThanOrEqual(3);
    expect(new Set(frames.map((f) => f.status)).size).toBeGreaterThanOrEqual(2);
    expect(frames.map((f) => f.version)).toEqual([...frames.map((f) => f.version)].sort((a, b) => a - b));
    expect(frames.at(-1)).toMatchObject({ status: "succeeded", final: true });
    await checkA11y("scrape-job");
    await siteAdmin(stack.sites.main, "set?slowMs=0");
    await page.getByRole("link", { name: "Scrapes" }).first().click();
    await page.getByRole("cell", { name: "Succeeded" }).waitFor();
  });

  it("filters the inventory by a facet, sorts by price, pages with the cursor", async () => {
    await page.goto(`${stack.adminUrl}/dealerships/${riversideId}/inventory`);
    const rows = page.locator("table.inventory tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(25);
    await page.getByRole("button", { name: "Next page" }).click();
    await page.locator(".pager span", { hasText: "Page 2" }).waitFor();
    await poll(() => rows.count()).toBe(5);
    await checkA11y("inventory");

    // The make facet: pick the first make offered, with its count.
    const option = page.getByLabel("Make").locator("option").nth(1);
    const [label, value] = [(await option.textContent())!, (await option.getAttribute("value"))!];
    const count = Number(label.match(/\((\d+)\)/)![1]);
    await page.getByLabel("Make").selectOption(value);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await poll(() => page.url()).toContain(`make=${encodeURIComponent(value)}`);
    await page.locator(".pager span", { hasText: "Page 1" }).waitFor();
    await poll(() => rows.count()).toBe(Math.min(count, 25));
    const names = await rows.locator("td:nth-child(2) a").allTextContents();
    expect(names.every((n) => n.includes(value))).toBe(true);

    await page.getByLabel("Make").selectOption("");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByRole("button", { name: /^Price/ }).click();
    await poll(() => page.url()).toContain("sort=price_asc");
    await page.locator('th[aria-sort="ascending"]').waitFor();
    await poll(async () => {
      const prices = (await rows.locator("td:nth-child(4)").allTextContents())
        .filter((p) => p.startsWith("$"))
        .map((p) => Number(p.replace(/[$,]/g, "")));
      return prices.length > 0 && prices.every((p, i) => i === 0 || prices[i - 1]! <= p);
    }).toBe(true);
    await screenshot(page, "inventory", true);
  });

  it("opens a vehicle with its price history, quality and sources, and edits its price", async () => {
    await page.locator("table.inventory tbody tr td:nth-child(2) a").first().click();
    await page.getByRole("heading", { name: "Price history" }).waitFor();
    await page.locator(".chart canvas").first().waitFor();
    await page.getByText("from seed").or(page.getByText("from scrape")).first().waitFor();
    await page.getByRole("heading", { name: /Listing quality/ }).waitFor();
    await page.getByText("Source page").waitFor();
    await page.getByRole("button", { name: "Edit vehicle" }).click();
    const price = page.getByLabel("Price ($)");
    const before = Number(await price.inputValue());
    await price.fill(String(before > 1000 ? before - 500 : 19_995));
    await page.getByRole("button", { name: "Save changes" }).click();
    await page.getByText("Saved; the quality score was recalculated.").waitFor();
    await page.getByText("from api").waitFor();
    expect(await page.locator(".history li").count()).toBeGreaterThanOrEqual(2);
    await checkA11y("vehicle");
    await page.getByRole("button", { name: "Close editor" }).click();
    await screenshot(page, "vehicle", true);
  });

  it("shows the quality summary with its score distribution", async () => {
    await page.goto(`${stack.adminUrl}/dealerships/${riversideId}/quality`);
    await page.getByRole("heading", { name: "Score distribution" }).waitFor();
    await page.locator(".chart canvas").first().waitFor();
    await page.getByRole("heading", { name: "Worst listings" }).waitFor();
    await checkA11y("quality");
    await screenshot(page, "quality", true);
  });

  it("a scrape that would remove most of the lot stops at needs_review; discarding it from the UI keeps the lot", async () => {
    // The dealer's listing page breaks (5 of 30 vehicles shown): the scrape must not delete the other 25.
    await siteAdmin(stack.sites.main, "set?brokenListing=true");
    await page.goto(`${stack.adminUrl}/dealerships/${riversideId}/scrapes`);
    await page.getByRole("button", { name: "Start a scrape" }).click();
    await page.getByRole("heading", { name: /Scrape of/ }).waitFor();
    await page.locator(".job-progress .badge", { hasText: "Needs review" }).waitFor({ timeout: 60_000 });
    const review = page.locator("section", { has: page.getByRole("heading", { name: "Needs review" }) });
    await review.waitFor();
    expect(await review.textContent()).toMatch(/It would remove 25 of 30 active vehicles/);
    await checkA11y("needs-review");
    await screenshot(page, "needs-review");
    await review.getByRole("button", { name: "Discard: keep everything" }).click();
    await review.getByText(/Discarded by/).waitFor();
    expect(await review.getByRole("button", { name: /Apply/ }).count()).toBe(0);
    await siteAdmin(stack.sites.main, "set?brokenListing=false");
    const active = await apiCall(stack.apiUrl, "GET", `/v1/dealerships/${riversideId}/vehicles?limit=100`);
    expect(active.body.items).toHaveLength(30);
  });

  it("a scrape of a failing site lands in dead letters; replaying it from the UI succeeds", async () => {
    await siteAdmin(stack.sites.faulty, "set?failEvery=1");
    await page.goto(`${stack.adminUrl}/dealerships/${hilltopId}/scrapes`);
    await page.getByRole("button", { name: "Start a scrape" }).click();
    await page.getByRole("heading", { name: /Scrape of/ }).waitFor();
    deadJobId = page.url().split("/jobs/")[1]!;
    await page.locator(".job-progress .badge", { hasText: "Dead" }).waitFor({ timeout: 90_000 });
    await page.getByRole("heading", { name: "Dead letters" }).waitFor();

    await page.getByRole("link", { name: "Dead letters" }).click();
    const row = page.locator(`tr[data-job-id="${deadJobId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toMatch(/HTTP 500/);
    await checkA11y("dead-letters");
    await screenshot(page, "dead-letters");

    await siteAdmin(stack.sites.faulty, "set?failEvery=0");
    await row.getByRole("button", { name: /Replay/ }).click();
    await page.getByRole("link", { name: "watch it run" }).click();
    await page.locator(".job-progress .badge", { hasText: "Succeeded" }).waitFor({ timeout: 90_000 });
    await page.getByText(/replayed 1×/).waitFor();
    await page.goto(`${stack.adminUrl}/dead-letters`);
    await page.getByText("No dead scrapes.").waitFor();
  });

  it("a dealer admin sees only their dealership; another tenant's pages say not found", async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await devSignIn("dealer_admin", "Riverside Motors");
    await page.getByRole("link", { name: "Riverside Motors" }).waitFor();
    expect(await page.getByRole("link", { name: "Hilltop Autos" }).count()).toBe(0);
    expect(await page.getByRole("link", { name: "Onboard a dealership" }).count()).toBe(0);
    await screenshot(page, "dealerships", true);

    await page.goto(`${stack.adminUrl}/dealerships/${hilltopId}/inventory`);
    const alert = page.getByRole("alert").filter({ hasText: "Not found" }).first();
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/req_[0-9a-z]{26}/);
    expect(await page.locator("table.inventory").count()).toBe(0);
    await page.goto(`${stack.adminUrl}/jobs/${deadJobId}`);
    await page.getByRole("alert").filter({ hasText: "Not found" }).waitFor();
    await screenshot(page, "cross-tenant-not-found");
  });

  it("the production bundle carries no development secret", () => {
    const secret = devVars().JWT_HS256_SECRET!;
    const dist = path.join(ROOT, ".wrangler", "browser-test", "admin-dist", "assets");
    for (const f of readdirSync(dist)) {
      expect(readFileSync(path.join(dist, f), "utf8").includes(secret), f).toBe(false);
    }
  });
});
