// D1 rows read and written per scrape (suite `d1-rows`), through the real Workers path: the same one
// `wrangler dev -c <api> -c <scraper>` stack as scrape-day, but each Worker's entry is a bench wrapper around
// the real Worker (bench/worker/metered-api.ts, metered-scraper.ts) whose D1 binding sums what D1 reports on
// every result: `meta.rows_read`, `meta.rows_written` (the billed units), `meta.duration`, statements. Every
// queue message (and API request) writes one BENCH_D1_METER line to wrangler's output; the harness adds them
// up per job and message type.
//
// One dealership, a demo site of N vehicles (default 500, the capacity model's average dealership):
//   1. first scrape (every vehicle new); 2. re-scrape, nothing changed; 3. the lot moves one generation of the
//   demo site's churn model (sold, repriced, new arrivals); 4. re-scrape with those changes.
// Local D1 is SQLite in workerd (miniflare): its rows_read / rows_written are SQLite's counters for each
// statement, the same counters D1 bills on (https://developers.cloudflare.com/d1/platform/pricing/).
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import { log } from "../lib/http";
import { BENCH_DIR, ROOT } from "../lib/paths";
import {
  apiConfig,
  platformToken,
  pollJob,
  scraperConfig,
  snapshotConfig,
  startWorkersStack,
  type WorkersStack,
} from "../lib/workers-stack";
import { type D1Totals, emptyTotals, METER_TAG } from "../worker/d1-meter";

/** Ports of the scale-benchmark range (8860-8879), apart from scrape-day's 8860-8863. */
export const ROWS_PORTS = { demo: 8864, api: 8865, inspector: 8866 };

export interface MeterLine extends D1Totals {
  worker: "api" | "scraper";
  type?: string;
  jobId?: string;
  method?: string;
  path?: string;
  wallMs: number;
}

export interface RowsRun {
  label: string;
  status: string;
  wallMs: number;
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Per message type (discover, fetch-batch, reconcile) plus `api` (the POST that started the job). */
  phases: Record<string, D1Totals & { messages: number; wallMs: number }>;
  total: D1Totals;
  workerdCpuMs: number;
}

export interface D1RowsResult {
  vehicles: number;
  changes: { sold: number; repriced: number; arrived: number; generations: number };
  runs: RowsRun[];
  notes: string[];
}

function readMeter(logFile: string): MeterLine[] {
  const out: MeterLine[] = [];
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const i = line.indexOf(METER_TAG);
    if (i < 0) continue;
    try {
      out.push(JSON.parse(line.slice(i + METER_TAG.length + 1)));
    } catch {}
  }
  return out;
}

const add = (a: D1Totals, b: D1Totals) => {
  for (const k of Object.keys(a) as (keyof D1Totals)[]) a[k] += b[k];
};

export async function runD1RowsSuite(opts: { vehicles: number }): Promise<D1RowsResult> {
  const dir = path.join(BENCH_DIR, "d1-rows");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const notes: string[] = [];
  const site = await startDemoSite({
    port: ROWS_PORTS.demo,
    seed: 11,
    count: opts.vehicles,
    style: "mixed" as never,
    pageSize: 24,
  });
  let stack: WorkersStack | null = null;
  try {
    const apiToml = apiConfig(dir, { main: path.join(ROOT, "bench/worker/metered-api.ts") });
    const scraperToml = scraperConfig(
      dir,
      {
        SCRAPER_DEV_ALLOW_HOSTS: `127.0.0.1:${ROWS_PORTS.demo}`,
        SCRAPER_POLITENESS_DELAY_MS: "0",
        LOG_LEVEL: "warn",
      },
      { main: path.join(ROOT, "bench/worker/metered-scraper.ts") },
    );
    stack = await startWorkersStack({
      state,
      configs: [snapshotConfig(dir, "api", apiToml), snapshotConfig(dir, "scraper", scraperToml)],
      port: ROWS_PORTS.api,
      inspectorPort: ROWS_PORTS.inspector,
      logName: "d1-rows",
    });
    const platform = await platformToken();
    const dealer = await stack.call("POST", "/v1/dealerships", platform, {
      name: "Rows Motors",
      websiteUrl: `${site.url}/`,
      timezone: "UTC",
      scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
    });
    const admin = await mintDevToken({ role: "dealer_admin", dealerships: [dealer.id], subject: "bench" });
    const runs: RowsRun[] = [];
    let changes = { sold: 0, repriced: 0, arrived: 0, generations: 0 };
    for (const label of [
      "first scrape (every vehicle new)",
      "re-scrape, nothing changed",
      "re-scrape after one generation of churn",
    ]) {
      if (runs.length === 2) {
        const { changes: c } = site.state.advance(1);
        changes = {
          sold: c.sold.length,
          repriced: c.repriced.length,
          arrived: c.arrived.length,
          generations: 1,
        };
      }
      const before = stack.cpu();
      const mark = readMeter(stack.logFile).length;
      const t0 = performance.now();
      const started = await stack.call("POST", `/v1/dealerships/${dealer.id}/scrapes`, admin, {});
      const job = await pollJob(stack, started.job, platform, { intervalMs: 250, retryFailedPolls: true });
      const wallMs = performance.now() - t0;
      const after = stack.cpu();
      // The reconcile message's meter line is written after its waitUntil work: wait for it (≤ 15 s).
      let lines: MeterLine[] = [];
      for (let i = 0; i < 60; i++) {
        lines = readMeter(stack.logFile).slice(mark);
        if (lines.some((l) => l.jobId === job.id && l.type === "reconcile")) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const phases: RowsRun["phases"] = {};
      const total = emptyTotals();
      for (const l of lines) {
        const key =
          l.worker === "scraper"
            ? l.jobId === job.id
              ? (l.type ?? "?")
              : null
            : l.method === "POST" && l.path === `/v1/dealerships/${dealer.id}/scrapes`
              ? "api: POST scrapes"
              : null;
        if (key === null) continue;
        const p = phases[key] ?? { ...emptyTotals(), messages: 0, wallMs: 0 };
        phases[key] = p;
        const { worker: _w, type: _t, jobId: _j, method: _m, path: _p, wallMs: w, ...totals } = l;
        add(p, totals as D1Totals);
        p.messages++;
        p.wallMs += w;
        add(total, totals as D1Totals);
      }
      if (job.status !== "succeeded") notes.push(`${label}: ${job.status}`);
      const c = job.counts;
      runs.push({
        label,
        status: job.status,
        wallMs,
        found: c.vehiclesFound,
        created: c.vehiclesNew,
        updated: c.vehiclesUpdated,
        unchanged: c.vehiclesUnchanged,
        removed: c.vehiclesRemoved,
        phases,
        total,
        workerdCpuMs: after.workerd - before.workerd,
      });
      log(
        `d1-rows ${label}: ${job.status}, ${c.vehiclesFound} vehicles; rows written ${total.rowsWritten} (${(total.rowsWritten / Math.max(1, c.vehiclesFound)).toFixed(2)}/vehicle), rows read ${total.rowsRead}, ${total.statements} statements`,
      );
    }
    return { vehicles: opts.vehicles, changes, runs, notes };
  } finally {
    await site.close();
    await stack?.stop();
  }
}
