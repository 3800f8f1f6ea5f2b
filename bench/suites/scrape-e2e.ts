// End-to-end scrape of a demo dealer site through the real Worker path: POST /v1/dealerships/{id}/scrapes on
// the API Worker → scrape-jobs queue → scraper Worker (discover → fetch-batch fan-out → reconcile) → local D1,
// under ONE `wrangler dev -c wrangler.toml -c <scraper config>` exactly as `npm start` runs them, with the
// politeness delay set to 0. Measures wall time (POST → terminal job state), pages/s, vehicles/s, and CPU per
// vehicle from /proc (utime + stime) of the workerd process(es) and of wrangler's Node process.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import { log } from "../lib/http";
import { BENCH_DIR } from "../lib/paths";
import { platformToken, pollJob, scraperConfig, startWorkersStack } from "../lib/workers-stack";

/** Bench ports (the scraping engineer's range 8800-8819). */
export const E2E_PORTS = { demo: 8800, api: 8801, inspector: 8802 };

export interface ScrapeRun {
  label: string;
  status: string;
  wallMs: number;
  pages: number;
  pagesFailed: number;
  vehiclesFound: number;
  vehiclesNew: number;
  vehiclesUpdated: number;
  vehiclesUnchanged: number;
  pagesPerSec: number;
  vehiclesPerSec: number;
  /** CPU ms of the workerd process(es) (API + scraper Workers, D1/SQLite, Queues, Durable Objects). */
  workerdCpuMs: number;
  /** CPU ms of wrangler's Node process (dev proxy, local queue broker glue, logging). */
  wranglerCpuMs: number;
  /** CPU ms of this harness process (the demo site serving the pages + status polling). */
  harnessCpuMs: number;
  cpuMsPerVehicle: number;
  batches: number;
}

export interface ScrapeE2eResult {
  vehicles: number;
  style: string;
  politenessMs: number;
  scraperVars: Record<string, string>;
  runs: ScrapeRun[];
  siteRequests: number;
  truthMatches: boolean;
  notes: string[];
}

export async function runScrapeE2eSuite(opts: { vehicles: number; style: string }): Promise<ScrapeE2eResult> {
  const dir = path.join(BENCH_DIR, "e2e");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const notes: string[] = [];

  const site = await startDemoSite({
    port: E2E_PORTS.demo,
    seed: 42,
    count: opts.vehicles,
    style: opts.style as never,
    pageSize: 24,
  });
  const scraperVars = {
    SCRAPER_DEV_ALLOW_HOSTS: `127.0.0.1:${E2E_PORTS.demo}`,
    SCRAPER_POLITENESS_DELAY_MS: "0",
    LOG_LEVEL: "warn",
  };
  const scraperToml = scraperConfig(dir, scraperVars);
  let stack: Awaited<ReturnType<typeof startWorkersStack>> | null = null;
  try {
    stack = await startWorkersStack({
      state,
      configs: ["wrangler.toml", scraperToml],
      port: E2E_PORTS.api,
      inspectorPort: E2E_PORTS.inspector,
      logName: "scrape-e2e",
    });
    const { call, cpu } = stack;
    if (stack.workerdPids.length === 0)
      notes.push("no workerd process found under wrangler: CPU not measured");

    const platform = await platformToken();
    const dealer = await call("POST", "/v1/dealerships", platform, {
      name: "Bench Motors",
      websiteUrl: `${site.url}/`,
      timezone: "UTC",
      scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
    });
    const admin = await mintDevToken({ role: "dealer_admin", dealerships: [dealer.id], subject: "bench" });

    const runs: ScrapeRun[] = [];
    for (const label of ["first scrape (every vehicle new)", "re-scrape, nothing changed"]) {
      const before = cpu();
      const t0 = performance.now();
      const started = await call("POST", `/v1/dealerships/${dealer.id}/scrapes`, admin, {});
      const job = await pollJob(stack, started.job, platform, { intervalMs: 250, retryFailedPolls: false });
      const wallMs = performance.now() - t0;
      const after = cpu();
      if (job.status !== "succeeded")
        notes.push(
          `${label}: ${job.status}${job.review ? ` (${JSON.stringify(job.review.reasons)})` : ""}${job.truncated ? `, truncated: ${job.truncated}` : ""}; errors: ${JSON.stringify((job.errors ?? []).slice(0, 3))}`,
        );
      const c = job.counts;
      const workerdCpuMs = after.workerd - before.workerd;
      runs.push({
        label,
        status: job.status,
        wallMs,
        pages: c.pagesFetched,
        pagesFailed: c.pagesFailed,
        vehiclesFound: c.vehiclesFound,
        vehiclesNew: c.vehiclesNew,
        vehiclesUpdated: c.vehiclesUpdated,
        vehiclesUnchanged: c.vehiclesUnchanged,
        pagesPerSec: c.pagesFetched / (wallMs / 1000),
        vehiclesPerSec: c.vehiclesFound / (wallMs / 1000),
        workerdCpuMs,
        wranglerCpuMs: after.wrangler - before.wrangler,
        harnessCpuMs: after.harness - before.harness,
        cpuMsPerVehicle: c.vehiclesFound ? workerdCpuMs / c.vehiclesFound : 0,
        batches: job.batches?.total ?? 0,
      });
      log(
        `scrape-e2e ${label}: ${job.status} in ${(wallMs / 1000).toFixed(1)} s, ${c.pagesFetched} pages, ${c.vehiclesFound} vehicles, workerd CPU ${Math.round(workerdCpuMs)} ms`,
      );
    }
    // What the site saw, and whether D1 now holds exactly the site's lot.
    const siteState = (await (await fetch(`${site.url}/__admin/state`)).json()) as {
      vins: string[];
      stats: { requests: number };
    };
    const stored = new Set<string>();
    let cursor: string | null = null;
    do {
      const page: { items: { vin: string }[]; nextCursor: string | null } = await call(
        "GET",
        `/v1/dealerships/${dealer.id}/vehicles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        platform,
      );
      for (const v of page.items) stored.add(v.vin);
      cursor = page.nextCursor;
    } while (cursor);
    const truth = site.state.vehicles().map((v) => v.vin);
    return {
      vehicles: opts.vehicles,
      style: opts.style,
      politenessMs: 0,
      scraperVars,
      runs,
      siteRequests: siteState.stats.requests,
      truthMatches: stored.size === truth.length && truth.every((v) => stored.has(v)),
      notes,
    };
  } finally {
    await site.close();
    await stack?.stop();
  }
}
