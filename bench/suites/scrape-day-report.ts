// Runs the scale suites (reconcile-pg, reconcile-d1, cron-fanout, scrape-day) for bench/run.ts and writes their
// results: .wrangler/bench/results/scale-<time>.json|md, and BENCHMARKS.md between the scale markers when asked.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchOptions, SuiteName } from "../lib/args";
import { log } from "../lib/http";
import { BENCH_DIR, ROOT } from "../lib/paths";
import { type D1RowsResult, runD1RowsSuite } from "./d1-rows";
import { type ReconcilePgResult, runReconcilePgSuite } from "./reconcile";
import { runScrapeDaySuite, type ScrapeDayResult } from "./scrape-day";
import { runScrapeProfileSuite, type ScrapeProfileResult } from "./scrape-profile";

export interface ScaleResults {
  startedAt: string;
  command: string;
  loadAverage: { start: number[]; end: number[] };
  /** The code measured: HEAD and the uncommitted changes under packages/ and workers/ at the start. */
  tree: string;
  reconcilePg?: ReconcilePgResult;
  day?: ScrapeDayResult;
  d1Rows?: D1RowsResult;
  profile?: ScrapeProfileResult;
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
    tree: describeTree(),
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
      spreadSeconds: opts.daySpreadSeconds,
      rounds: opts.dayRounds,
      localBatch: opts.dayLocalBatch,
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
      spreadSeconds: opts.daySpreadSeconds,
      rounds: 1,
      localBatch: 0,
    });
    out.day = {
      ...(out.day ?? { notes: [] }),
      reconcile: r.reconcile,
      notes: [...(out.day?.notes ?? []), ...r.notes],
    };
  }
  if (wants("d1-rows")) out.d1Rows = await runD1RowsSuite({ vehicles: opts.rowsVehicles });
  if (wants("scrape-profile"))
    out.profile = await runScrapeProfileSuite({ jobs: opts.profileJobs, siteVehicles: opts.daySiteVehicles });
  out.loadAverage.end = os.loadavg();
  saveScale(out, opts.writeDoc);
  return out;
}

/** HEAD plus `git diff --shortstat` of packages/ and workers/ (others edit the tree while a run goes). */
function describeTree(): string {
  const git = (...a: string[]) => spawnSync("git", a, { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const diff = git("diff", "--shortstat", "--", "packages", "workers");
  return `${git("rev-parse", "--short", "HEAD")}${diff ? ` + uncommitted (packages/, workers/: ${diff})` : ""}`;
}

export function renderScale(r: ScaleResults): string {
  const lines: string[] = [];
  const la = (x: number[]) => x.map((v) => v.toFixed(2)).join(" / ");
  lines.push(
    `_Run ${r.startedAt} (\`${r.command}\`) on ${r.tree}. Load average at start ${la(r.loadAverage.start)}, at end ${la(r.loadAverage.end)}._`,
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
      "| scrape | status | wall (POST → terminal seen) | job createdAt → finishedAt | reconcile phase (job updatedAt at `reconciling` → finishedAt) | found (new / updated / unchanged) | removed | workerd CPU |",
      "| --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const x of c.runs)
      lines.push(
        `| ${x.label} | ${x.status} | ${s(x.wallMs)} | ${s(x.serverMs)} | ${x.reconcileMs === null ? "not observed (polled every 100 ms)" : `${n(x.reconcileMs)} ms`} | ${n(x.found)} (${n(x.created)} / ${n(x.updated)} / ${n(x.unchanged)}) | ${n(x.removed)} | ${n(x.workerdCpuMs)} ms |`,
      );
    lines.push("");
  }
  if (d?.fanout) {
    const f = d.fanout;
    lines.push(
      `#### Cron fan-out (real scheduled handler → ScrapeScheduler.tick → local scrape-jobs queue; ${n(f.dealerships)} dealerships, hourly schedules in 20 timezones, all due; SCRAPER_SCHEDULE_SPREAD_SECONDS=${f.spreadSeconds ?? "—"})`,
      "",
      "| dealerships | tick (scheduled-handler round trip) | jobs when it returned | tick sent → every due dealership has its job | jobs created/s | workerd CPU during the tick | workerd CPU until every job existed |",
      "| --- | --- | --- | --- | --- | --- | --- |",
      `| ${n(f.dealerships)} | ${s(f.tickMs)} | ${n(f.jobsWhenTickReturned)} | ${f.allJobsCreatedMs == null ? "—" : s(f.allJobsCreatedMs)} | ${n(f.jobsCreatedPerSec ?? f.jobsWhenTickReturned / (f.tickMs / 1000))} | ${n(f.workerdCpuMs)} ms | ${n(f.workerdCpuUntilCreatedMs)} ms |`,
      "",
    );
  }
  if (d?.day) {
    const y = d.day;
    lines.push(
      `#### Scrape day through the local queue (the ${n(y.enqueued)} scheduled jobs of ${y.rounds?.length ?? 1} cron tick(s) consumed by the real scraper consumer; ${y.vehiclesPerSite}-vehicle demo site, politeness 0; local scrape-jobs batch ${y.localBatch ?? "as in wrangler.toml (4)"})`,
      "",
      "| window | jobs ended in it | statuses at the end | vehicles found | pages fetched | messages handled (tasks done + reconciles) | messages/s | jobs/minute | workerd CPU | CPU per message | CPU per ended job |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      `| ${s(y.wallMs)} | ${n(y.scrapes)} | ${JSON.stringify(y.statuses)} | ${n(y.vehiclesFound)} | ${n(y.pagesFetched)} | ${n(y.messagesLowerBound)} | ${n(y.messagesPerSec, 1)} | ${n(y.jobsPerMinute, 1)} | ${n(y.workerdCpuMs)} ms | ${n(y.workerdCpuMs / Math.max(1, y.messagesLowerBound))} ms | ${y.scrapes ? `${n(y.cpuMsPerJob)} ms` : "—"} |`,
      "",
      `Ended jobs, job createdAt → finishedAt: p50 ${y.jobLatencyMs?.p50 == null ? "—" : s(y.jobLatencyMs.p50)}, p90 ${y.jobLatencyMs?.p90 == null ? "—" : s(y.jobLatencyMs.p90)}, max ${y.jobLatencyMs?.max == null ? "—" : s(y.jobLatencyMs.max)}; first job ended ${y.firstEndedMs == null ? "—" : s(y.firstEndedMs)} after the tick.`,
      "",
      ...((y.rounds?.length ?? 0) > 1
        ? [
            "| tick | simulated time | tick → round ended | jobs ended | jobs/minute | workerd CPU | CPU per job |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            ...y.rounds.map(
              (x) =>
                `| ${x.round} | +${x.simulatedOffsetMinutes} min | ${s(x.wallMs)} | ${n(x.ended)} | ${n(x.ended / (x.wallMs / 60_000), 1)} | ${n(x.workerdCpuMs)} ms | ${x.ended ? `${n(x.workerdCpuMs / x.ended)} ms` : "—"} |`,
            ),
            "",
          ]
        : []),
      `Projection (estimated, linear): 20,000 scrapes at this rate take ${n(20_000 / Math.max(0.001, y.jobsPerMinute) / 60, 1)} h of this 2-core machine; workerd CPU for them ≈ ${n((20_000 * y.cpuMsPerJob) / 3_600_000, 1)} CPU-hours.`,
      "",
    );
  }
  if (d?.notes.length) lines.push(`Notes: ${d.notes.join("; ")}`, "");
  const w = r.d1Rows;
  if (w) {
    lines.push(
      `#### D1 rows read and written per scrape (\`d1-rows\`: real API + scraper Workers with a metering D1 binding, sums of \`meta.rows_read\` / \`meta.rows_written\`; ${n(w.vehicles)}-vehicle demo site; the churn step moved ${w.changes.generations} generation: ${n(w.changes.sold)} sold, ${n(w.changes.repriced)} repriced, ${n(w.changes.arrived)} new)`,
      "",
      "| scrape | status | found (new / updated / unchanged) | removed | statements | rows read | rows written | **rows written per vehicle** | rows read per vehicle | D1 SQL time (meta.duration) | workerd CPU |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const x of w.runs)
      lines.push(
        `| ${x.label} | ${x.status} | ${n(x.found)} (${n(x.created)} / ${n(x.updated)} / ${n(x.unchanged)}) | ${n(x.removed)} | ${n(x.total.statements)} | ${n(x.total.rowsRead)} | ${n(x.total.rowsWritten)} | **${n(x.total.rowsWritten / Math.max(1, x.found), 2)}** | ${n(x.total.rowsRead / Math.max(1, x.found), 1)} | ${n(x.total.sqlMs)} ms | ${n(x.workerdCpuMs)} ms |`,
      );
    lines.push(
      "",
      "Per phase (messages; statements; rows read; rows written; D1 SQL ms; wall ms awaiting D1; handler wall ms):",
      "",
      "| scrape | phase | messages | statements | rows read | rows written | D1 SQL ms | awaiting D1 ms | handler wall ms |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    );
    for (const x of w.runs)
      for (const [phase, p] of Object.entries(x.phases))
        lines.push(
          `| ${x.label} | ${phase} | ${n(p.messages)} | ${n(p.statements)} | ${n(p.rowsRead)} | ${n(p.rowsWritten)} | ${n(p.sqlMs)} | ${n(p.waitMs)} | ${n(p.wallMs)} |`,
        );
    lines.push("");
    if (w.notes.length) lines.push(`Notes: ${w.notes.join("; ")}`, "");
  }
  const f = r.profile;
  if (f) {
    const iso = Object.entries(f.isolates);
    const windows = [...new Set(iso.flatMap(([, x]) => Object.keys(x.byWindowPerJob)))].sort();
    lines.push(
      `#### Where a scrape-day job's workerd CPU goes (\`scrape-profile\`: ${f.jobs} jobs of the ${f.vehiclesPerSite}-vehicle demo site run one at a time, V8 CPU profiler on each isolate at ${f.samplingUs} µs; per job)`,
      "",
      `workerd CPU from /proc: **${n(f.workerdCpuMsPerJobUnprofiled)} ms per job** without the profiler, ${n(f.workerdCpuMsPerJob)} ms with it (jobs run one at a time, so idle-time work between them is included). Sampled JS-isolate time below; the rest is workerd's own C++ (HTTP, RPC between isolates, Cap'n Proto, the event loop) and the profiler.`,
      "",
      `| isolate | sampled busy ms | GC ms | ${windows.join(" | ")} |`,
      `| --- | --- | --- | ${windows.map(() => "---").join(" | ")} |`,
      ...iso.map(
        ([name, x]) =>
          `| ${name} | ${n(x.busyMsPerJob, 1)} | ${n(x.gcMsPerJob, 1)} | ${windows.map((w) => n(x.byWindowPerJob[w] ?? 0, 1)).join(" | ")} |`,
      ),
      "",
      "Messages per job (metered scraper entry): handler wall ms, wall ms awaiting D1, D1 SQL ms (`meta.duration`), statements:",
      "",
      "| message | per job | handler wall ms | awaiting D1 ms | D1 SQL ms | statements |",
      "| --- | --- | --- | --- | --- | --- |",
      ...Object.entries(f.messages).map(
        ([t, m]) =>
          `| ${t} | ${n(m.perJob, 1)} | ${n(m.wallMs, 1)} | ${n(m.d1WaitMs, 1)} | ${n(m.sqlMs, 2)} | ${n(m.statements, 1)} |`,
      ),
      "",
      "Scraper isolate self time by owner (ms per job): " +
        f.scraperOwners.map((o) => `${o.owner} ${n(o.msPerJob, 1)}`).join("; "),
      "",
      "API isolate (API Worker + its Durable Objects) self time by owner (ms per job): " +
        f.apiOwners.map((o) => `${o.owner} ${n(o.msPerJob, 1)}`).join("; "),
      "",
      "Top scraper functions (self ms per job): " +
        f.scraperFunctions
          .slice(0, 12)
          .map((o) => `\`${o.name}\` ${n(o.msPerJob, 1)}`)
          .join("; "),
      "",
      "Top D1-object functions (self ms per job): " +
        f.d1Functions.map((o) => `\`${o.name}\` ${n(o.msPerJob, 1)}`).join("; "),
      "",
      `Profiles (open in Chrome DevTools): \`${path.relative(ROOT, f.profilesDir)}\`.`,
      "",
    );
    if (f.notes.length) lines.push(`Notes: ${f.notes.join("; ")}`, "");
  }
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
