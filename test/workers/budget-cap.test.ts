// The scraper's per-job budgets from its env (SCRAPER_JOB_MAX_PAGES / _BYTES / _SECONDS) cap every job it
// runs, including jobs created elsewhere with the default budget. The pipeline is driven by hand here (its
// messages collected and handled in turn) so this test can run it with its own env, in workerd against the
// real local D1, the JobProgress Durable Object and a demo dealer site.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createRepositories } from "../../packages/db/src/index";
import { createServices, type ScrapeMessage, type ScrapeQueue } from "../../packages/services/src/index";
import { createLogger } from "../../workers/api/src/lib/logger";
import { parseScraperConfig } from "../../workers/scraper/src/config";
import type { ScraperEnv } from "../../workers/scraper/src/env";
import { buildPipeline } from "../../workers/scraper/src/index";
import { platformAdmin } from "../api/helpers/auth";
import { get } from "../api/helpers/http";
import { DB, dealershipFor, siteState } from "./support/helpers";

/** A scrape-jobs producer that keeps the messages for this test to deliver. */
class CollectingQueue implements ScrapeQueue {
  readonly messages: ScrapeMessage[] = [];
  async send(m: ScrapeMessage) {
    this.messages.push(m);
  }
  async sendBatch(ms: { body: ScrapeMessage }[]) {
    for (const m of ms) this.messages.push(m.body);
  }
}

async function runCapped(
  vars: Record<string, string>,
  tune?: (c: ReturnType<typeof parseScraperConfig>) => void,
) {
  const queue = new CollectingQueue();
  const scraperEnv = { ...(env as unknown as ScraperEnv), ...vars, SCRAPE_JOBS: queue as unknown as Queue };
  const config = parseScraperConfig(scraperEnv);
  tune?.(config);
  const repos = createRepositories({ driver: "d1", d1: DB });
  const dealer = await dealershipFor("budget", { scrapeSchedule: { enabled: false, cron: "0 3 * * *" } });
  // Created with the default budget (6,000 pages, 1,000 MiB, 3 h), as the API or another Worker would.
  const { job } = await createServices({ repos, scrapeQueue: queue }).scraping.startScheduled(
    (await repos.dealerships.get(dealer.id))!,
    new Date(),
    "req_budget",
  );
  expect(job!.budget.maxPages).toBe(6_000);
  const pipeline = buildPipeline(scraperEnv, config, repos, createLogger("error"));
  for (let i = 0; queue.messages.length > 0; i++) {
    expect(i, "too many messages").toBeLessThan(500);
    const m = queue.messages.shift()!;
    const outcome = await pipeline.handle(m, { id: `m${i}`, attempts: 1 });
    expect(outcome.action, JSON.stringify(outcome)).toBe("ack");
  }
  return (await get(`/v1/jobs/${job!.id}`, { token: await platformAdmin() })).body;
}

describe("per-job budgets from the scraper's env cap every job it runs", () => {
  it("SCRAPER_JOB_MAX_PAGES: the job stops adding pages at the cap and says so; nothing is removed", async () => {
    const truth = await siteState("budget");
    const job = await runCapped({ SCRAPER_JOB_MAX_PAGES: "6" });
    expect(job.truncated).toMatch(/page budget of 6 pages reached/);
    expect(job.counts.pagesFetched + job.counts.pagesFailed).toBeLessThanOrEqual(6 + 2); // + robots/sitemap
    expect(job.counts.vehiclesFound).toBeLessThan(truth.count);
    expect(job.counts.vehiclesRemoved).toBe(0);
  });

  it("SCRAPER_JOB_MAX_BYTES: fetching stops once the byte budget is spent", async () => {
    const job = await runCapped({ SCRAPER_JOB_MAX_BYTES: String(64 * 1024) });
    expect(job.truncated).toMatch(/byte budget of 65536 bytes reached/);
    expect(job.counts.vehiclesRemoved).toBe(0);
    expect(job.errors.some((e: any) => e.code === "byte_budget")).toBe(true);
  });

  it("the listing-page cap counts listing pages only, not the detail pages the sitemap recorded", async () => {
    const truth = await siteState("budget");
    // 24 vehicles, 10 per page: a few listing pages, but 24 detail pages from the sitemap (more than the cap)
    const ok = await runCapped({}, (c) => {
      c.settings.maxListingPages = 20;
    });
    expect(ok.truncated).toBeNull();
    expect(ok.counts.vehiclesFound).toBe(truth.count);
    // (the job's own pages are dropped when it ends; its counts say more than 20 pages were crawled)
    expect(ok.counts.pagesFetched).toBeGreaterThan(20);
    const cut = await runCapped({}, (c) => {
      c.settings.maxListingPages = 1;
    });
    expect(cut.truncated).toMatch(/listing-page limit of 1 reached/);
  });

  it("without overrides the same site is scraped completely", async () => {
    const truth = await siteState("budget");
    const job = await runCapped({});
    expect(job.truncated).toBeNull();
    expect(job.status).toBe("succeeded");
    expect(job.counts.vehiclesFound).toBe(truth.count);
  });
});
