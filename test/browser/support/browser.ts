import { copyFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import axe from "axe-core";
import { type Browser, chromium, type Page } from "playwright-core";
import { mintDevToken } from "../../../scripts/lib/dev-token";
import { CHROMIUM } from "./global-setup";
import { ROOT } from "./stack";

export function launchChromium(): Promise<Browser> {
  // Debian's chromium; playwright-core never downloads a browser.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
}

const SHOTS = path.join(ROOT, "test-results", "screenshots");
const DOC_SHOTS = path.join(ROOT, "docs", "screenshots");

/** Saves a full-page screenshot to test-results/screenshots/ (and docs/screenshots/ with FORECOURT_DOC_SCREENSHOTS=1). */
export async function screenshot(page: Page, name: string, forDocs = false) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  if (forDocs) await page.evaluate("window.scrollTo(0, 0)");
  await page.screenshot({ path: file, fullPage: !forDocs });
  if (forDocs && process.env.FORECOURT_DOC_SCREENSHOTS === "1") {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, path.join(DOC_SHOTS, `${name}.png`));
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules) in the page, or only in the elements matching `within` (open shadow
 * roots included); returns the serious and critical violations.
 */
export async function seriousA11yViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ content: axe.source });
  const context = within ? JSON.stringify({ include: [[within]] }) : "document";
  const violations = (await page.evaluate(
    `axe.run(${context}, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }).then(r => r.violations)`,
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

/** An API call with a freshly minted dev token (test set-up and checks, never the thing under test). */
export async function apiCall<T = any>(
  apiUrl: string,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const token = await mintDevToken({ role: "platform_admin", subject: "browser-test" });
  const res = await fetch(apiUrl + pathname, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function siteAdmin(siteUrl: string, action: string) {
  const res = await fetch(`${siteUrl}/__admin/${action}`, { method: "POST" });
  if (!res.ok) throw new Error(`demo site ${action}: HTTP ${res.status}`);
}

/** The development sign-in of the admin app: pick a role (and a dealership by name), land on Dealerships. */
export async function devSignIn(page: Page, adminUrl: string, role: string, dealershipName?: string) {
  await page.goto(`${adminUrl}/sign-in`);
  await page.getByLabel("Role").selectOption(role);
  if (dealershipName) {
    const option = page
      .getByLabel("Dealership", { exact: true })
      .locator("option", { hasText: dealershipName });
    await option.waitFor({ state: "attached" });
    await page.getByLabel("Dealership", { exact: true }).selectOption((await option.getAttribute("value"))!);
  }
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Dealerships", level: 1 }).waitFor();
}
