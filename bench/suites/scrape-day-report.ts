// Runs the scale suites (reconcile-pg, reconcile-d1, cron-fanout, scrape-day) for bench/run.ts and writes their
// results: .wrangler/bench/results/scale-<time>.json|md, and BENCHMARKS.md between the scale markers when asked.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchOptions, SuiteName } from "../lib/args";
import { log } from "../lib/http";
import { BENCH_DIR, ROOT } from "../lib/paths";
import { type ReconcilePgResult, runReconcilePgSuite } from "./reconcile";
import { runScrapeDaySuite, type ScrapeDayResult } from "./scrape-day";

export const SCALE_SUITES = ["reconcile-pg", "reconcile-d1", "cron-fanout", "scrape-day"] as const;

export interface ScaleResults {
  startedAt: string;
  command: string;
  loadAverage: { start: number[]; end: number[] };
  reconcilePg?: ReconcilePgResult;
  day?: ScrapeDayResult;
}

const n = (x: number | null | undefined, d = 0) =>
  x === null || x === undefined || Number.isNaN(x)
    ? "—"
    : x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
const s = (ms: number) => `${n(ms / 1000, 1)} s`;

export async function runScaleSuites(
  opts: BenchOptions,
  wants: (name: SuiteName) => boolean,
): Promise<ScaleResults> {
  const out: ScaleResults = {
    startedAt: new Date().toISOString(),
    command: ["pnpm bench", ...process.argv.slice(2)].join(" "),
    loadAverage: { start: os.loadavg(), end: [] },
  };
  if (wants("reconcile-pg"))
    out.reconcilePg = await runReconcilePgSuite({
      vehicles: opts.vehicles,
      dealerships: opts.dealerships,
      reconcileVehicles: opts.reconcileVehicles,
      reload: opts.reload,
    });
  if (wants("cron-fanout") || wants("scrape-day")) {
    out.day = await runScrapeDaySuite({
      fanout: true,
      day: wants("scrape-day"),
      reconcile: false,
      dealerships: opts.dayDealerships,
      siteVehicles: opts.daySiteVehicles,
      reconcileVehicles: opts.reconcileVehicles,
      dayMinutes: opts.dayMinutes,
    });
  }
  if (wants("reconcile-d1")) {
    // A fresh local stack: no day jobs still running beside the timed scrapes.
    const r = await runScrapeDaySuite({
      fanout: false,
      day: false,
      reconcile: true,
      dealerships: 0,
      siteVehicles: opts.daySiteVehicles,
      reconcileVehicles: opts.reconcileVehicles,
      dayMinutes: opts.dayMinutes,
    });
    out.day = {
      ...(out.day ?? { notes: [] }),
      reconcile: r.reconcile,
      notes: [...(out.day?.notes ?? []), ...r.notes],
    };
  }
  out.loadAverage.end = os.loadavg();
  saveScale(out, opts.writeDoc);
  return out;
}

export function renderScale(r: ScaleResults): string {
  const lines: string[] = [];
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(" / ");
  lines.push(
    `_Run ${r.startedAt} (\`${r.command}\`). Load average at start ${la(r.loadAverage.start)}, at end ${la(r.loadAverage.end)}._`,
    "",
  );
  const p = r.reconcilePg;
  if (p) {
    lines.push(
      `#### Reconciliation, Postgres (real ScrapePipeline in Node on the ${n(p.datasetVehicles)}-vehicle / ${n(p.dealerships)}-dealership dataset; ${n(p.vehicles)}-vehicle dealership; the lot then moved ${p.changes.generations} generation(s): ${n(p.changes.sold)} sold, ${n(p.changes.repriced)} repriced, ${n(p.changes.arrived)} new)`,
      "",
      "| scrape | status | wall | found (new / updated / unchanged) | removed | discover ms (stmts) | fetch-batch: msgs, ms (stmts) | reconcile ms (stmts) | price-history rows after |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const x of p.scrapes)
      lines.push(
        `| ${x.label} | ${x.status} | ${s(x.wallMs)} | ${n(x.found)} (${n(x.created)} / ${n(x.updated)} / ${n(x.unchanged)}) | ${n(x.removed)} | ${n(x.phases.discover.ms)} (${n(x.phases.discover.statements)}) | ${x.phases["fetch-batch"].messages}, ${n(x.phases["fetch-batch"].ms)} (${n(x.phases["fetch-batch"].statements)}) | ${n(x.phases.reconcile.ms)} (${n(x.phases.reconcile.statements)}) | ${n(x.priceHistoryRows)} |`,
      );
    lines.push("");
  }
  const d = r.day;
  if (d?.reconcile) {
    const c = d.reconcile;
    lines.push(
      `#### Reconciliation, D1 (real scraper Worker in wrangler dev, demo site on loopback; ${n(c.vehicles)}-vehicle dealership, ${n(c.backgroundVehicles)} other vehicles in D1; the lot then moved ${c.changes.generations} generation(s): ${n(c.changes.sold)} sold, ${n(c.changes.repriced)} repriced, ${n(c.changes.arrived)} new)`,
      "",
      "| scrape | status | wall (POST → terminal) | reconcile phase (job updatedAt at `reconciling` → finishedAt) | found (new / updated / unchanged) | removed | workerd CPU |",
      "| --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const x of c.runs)
      lines.push(
        `| ${x.label} | ${x.status} | ${s(x.wallMs)} | ${x.reconcileMs === null ? "not observed (polled every 100 ms)" : `${n(x.reconcileMs)} ms`} | ${n(x.found)} (${n(x.created)} / ${n(x.updated)} / ${n(x.unchanged)}) | ${n(x.removed)} | ${n(x.workerdCpuMs)} ms |`,
      );
    lines.push("");
  }
  if (d?.fanout) {
    const f = d.fanout;
    lines.push(
      `#### Cron fan-out (real scheduled handler → ScrapeScheduler.tick → local scrape-jobs producer; ${n(f.dealerships)} dealerships, hourly schedules in 20 timezones, all due)`,
      "",
      "| dealerships | tick (scheduled-handler round trip) | jobs created + discover messages sent when it returned | enqueues/s | workerd CPU during the tick |",
      "| --- | --- | --- | --- | --- |",
      `| ${n(f.dealerships)} | ${s(f.tickMs)} | ${n(f.jobsWhenTickReturned)} | ${n(f.enqueuePerSec)} | ${n(f.workerdCpuMs)} ms |`,
      "",
    );
  }
  if (d?.day) {
    const y = d.day;
    lines.push(
      `#### Scrape day through the local queue (the ${n(y.enqueued)} scheduled jobs consumed by the real scraper consumer; ${y.vehiclesPerSite}-vehicle demo site, politeness 0)`,
      "",
      "| window | jobs ended in it | statuses at the end | vehicles found | pages fetched | messages handled (tasks done + reconciles) | messages/s | jobs/minute | workerd CPU | CPU per message | CPU per ended job |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      `| ${s(y.wallMs)} | ${n(y.scrapes)} | ${JSON.stringify(y.statuses)} | ${n(y.vehiclesFound)} | ${n(y.pagesFetched)} | ${n(y.messagesLowerBound)} | ${n(y.messagesPerSec, 1)} | ${n(y.jobsPerMinute, 1)} | ${n(y.workerdCpuMs)} ms | ${n(y.workerdCpuMs / Math.max(1, y.messagesLowerBound))} ms | ${y.scrapes ? `${n(y.cpuMsPerJob)} ms` : "—"} |`,
      "",
      `Projection (estimated, linear): 20,000 scrapes at this rate take ${n(20_000 / Math.max(0.001, y.jobsPerMinute) / 60, 1)} h of this 2-core machine; workerd CPU for them ≈ ${n((20_000 * y.cpuMsPerJob) / 3_600_000, 1)} CPU-hours.`,
      "",
    );
  }
  if (d?.notes.length) lines.push(`Notes: ${d.notes.join("; ")}`, "");
  return lines.join("\n");
}

function saveScale(r: ScaleResults, writeDoc: boolean) {
  const dir = path.join(BENCH_DIR, "results");
  mkdirSync(dir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const md = renderScale(r);
  writeFileSync(path.join(dir, `scale-${stamp}.json`), JSON.stringify(r, null, 2));
  writeFileSync(path.join(dir, `scale-${stamp}.md`), md);
  writeFileSync(path.join(dir, "scale-latest.md"), md);
  console.log(`\n${md}\n`);
  if (!writeDoc) return;
  const doc = path.join(ROOT, "BENCHMARKS.md");
  const text = readFileSync(doc, "utf8");
  const start = "<!-- bench:scale:start -->";
  const end = "<!-- bench:scale:end -->";
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return log("BENCHMARKS.md has no scale markers; not updated");
  writeFileSync(doc, `${text.slice(0, a + start.length)}\n${md}\n${text.slice(b)}`);
}
