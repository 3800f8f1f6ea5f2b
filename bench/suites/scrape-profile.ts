// Where a small scrape's workerd CPU goes (suite `scrape-profile`): the scrape-day job (10-vehicle demo site,
// politeness 0) run through the real API + scraper Workers, one job at a time, with V8's CPU profiler on every
// isolate of the workerd that runs them (workerd's own inspector, one target per service): the scraper Worker,
// the API Worker with its Durable Objects (JobProgress, MetricsAggregator), the local D1 object (its JS and the
// SQLite calls it makes), the local queue broker. The scraper entry is the metered wrapper
// (bench/worker/metered-scraper.ts): its per-message line gives each message's time window (samples are
// attributed to discover / fetch-batch / reconcile by time; jobs run serially, so windows do not overlap) and
// the wall time spent awaiting D1. Job state is read from the D1 file (sqlite3 CLI), not polled through the
// API, so no harness request lands in the profile.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import {
  BundleModules,
  type CpuProfile,
  findWorkerdInspector,
  fitClockOffset,
  Profilers,
  type ProfileSummary,
  summarise,
} from "../lib/cpu-profile";
import { log } from "../lib/http";
import { BENCH_DIR, ROOT } from "../lib/paths";
import {
  platformToken,
  scraperConfig,
  snapshotConfig,
  startWorkersStack,
  TERMINAL_JOB_STATUSES,
  type WorkersStack,
} from "../lib/workers-stack";
import { type D1Totals, METER_TAG } from "../worker/d1-meter";

/** Ports of the scale-benchmark range (8860-8879). */
export const PROFILE_PORTS = { demo: 8867, api: 8868, inspector: 8869 };

/** The isolates profiled (workerd inspector target ids under wrangler dev / miniflare). */
const TARGETS = {
  scraper: "core:user:forecourt-scraper",
  api: "core:user:forecourt-api",
  /** The D1 database object: its JS and the SQLite calls it makes (native time lands on the calling frame). */
  d1: "d1:db",
  "queue producer": "queues:queue:scrape-jobs",
  // Not profiled: d1:db:<id> (the binding's shim), queues:queue (the broker) and core:entry: with a profiler
  // on them as well, workerd restarted mid-run in two trials ("Your worker restarted mid-request").
};

export interface ScrapeProfileResult {
  jobs: number;
  vehiclesPerSite: number;
  samplingUs: number;
  /** workerd CPU (/proc) over the profiled jobs, per job (the profiler's sampling included). */
  workerdCpuMsPerJob: number;
  /** The same for as many jobs run just before, without the profiler. */
  workerdCpuMsPerJobUnprofiled: number;
  /** Sampled busy ms per job per isolate, and per isolate per window. */
  isolates: Record<
    string,
    { busyMsPerJob: number; gcMsPerJob: number; byWindowPerJob: Record<string, number> }
  >;
  /** Self ms per job by owner (packages/x, npm:y, ...) in the scraper and API isolates. */
  scraperOwners: { owner: string; msPerJob: number }[];
  apiOwners: { owner: string; msPerJob: number }[];
  d1Functions: { name: string; msPerJob: number }[];
  scraperFunctions: { name: string; msPerJob: number }[];
  /** Per message type: count per job, handler wall ms, awaiting-D1 ms, D1 SQL ms, statements. */
  messages: Record<
    string,
    { perJob: number; wallMs: number; d1WaitMs: number; sqlMs: number; statements: number }
  >;
  profilesDir: string;
  notes: string[];
}

function d1File(state: string): string {
  const dir = path.join(state, "v3", "d1", "miniflare-D1DatabaseObject");
  const f = readdirSync(dir).find((n) => n.endsWith(".sqlite") && n !== "metadata.sqlite");
  if (!f) throw new Error("local D1 file not found");
  return path.join(dir, f);
}

const jobStatus = (db: string, id: string) =>
  spawnSync("sqlite3", ["-readonly", db, `SELECT status FROM scrape_jobs WHERE id = '${id}'`], {
    encoding: "utf8",
  }).stdout.trim();

interface Window {
  type: string;
  from: number;
  to: number;
  totals: D1Totals;
  wallMs: number;
}

function readWindows(logFile: string): Window[] {
  const out: Window[] = [];
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const i = line.indexOf(METER_TAG);
    if (i < 0) continue;
    try {
      const m = JSON.parse(line.slice(i + METER_TAG.length + 1));
      if (m.worker !== "scraper" || typeof m.startedAt !== "number") continue;
      const { worker: _w, queue: _q, type, jobId: _j, wallMs, startedAt, ...totals } = m;
      out.push({ type, from: startedAt, to: startedAt + wallMs, totals, wallMs });
    } catch {}
  }
  return out;
}

export async function runScrapeProfileSuite(opts: {
  jobs: number;
  siteVehicles: number;
}): Promise<ScrapeProfileResult> {
  const dir = path.join(BENCH_DIR, "scrape-profile");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  const notes: string[] = [];
  const samplingUs = 1000;
  const site = await startDemoSite({
    port: PROFILE_PORTS.demo,
    seed: 7,
    count: opts.siteVehicles,
    style: "mixed" as never,
    pageSize: 24,
  });
  let stack: WorkersStack | null = null;
  let profilers: Profilers | null = null;
  try {
    const scraperToml = scraperConfig(
      dir,
      {
        SCRAPER_DEV_ALLOW_HOSTS: `127.0.0.1:${PROFILE_PORTS.demo}`,
        SCRAPER_POLITENESS_DELAY_MS: "0",
        LOG_LEVEL: "warn",
      },
      { main: path.join(ROOT, "bench/worker/metered-scraper.ts") },
    );
    const apiRun = snapshotConfig(dir, "api", path.join(ROOT, "wrangler.toml"));
    const scraperRun = snapshotConfig(dir, "scraper", scraperToml);
    stack = await startWorkersStack({
      state,
      configs: [apiRun, scraperRun],
      port: PROFILE_PORTS.api,
      inspectorPort: PROFILE_PORTS.inspector,
      logName: "scrape-profile",
    });
    const db = d1File(state);
    const platform = await platformToken();
    const dealers: { id: string; token: string }[] = [];
    const warmup = 3;
    for (let i = 0; i < 2 * opts.jobs + warmup; i++) {
      const d = await stack.call("POST", "/v1/dealerships", platform, {
        name: `Profile Motors ${i}`,
        websiteUrl: `${site.url}/`,
        timezone: "UTC",
        scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
      });
      dealers.push({
        id: d.id,
        token: await mintDevToken({ role: "dealer_admin", dealerships: [d.id], subject: "bench" }),
      });
    }
    const runJob = async (d: { id: string; token: string }) => {
      // A 503 "worker restarted mid-request" (seen in trials on the shared machine) is retried once.
      const post = () => stack!.call("POST", `/v1/dealerships/${d.id}/scrapes`, d.token, {});
      const started = await post().catch(async (err) => {
        if (!String(err).includes("restarted")) throw err;
        notes.push("a job start was answered 503 (worker restarted mid-request) and retried");
        await new Promise((r) => setTimeout(r, 2000));
        return post();
      });
      const t0 = Date.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, 100));
        const s = jobStatus(db, started.job.id);
        if (TERMINAL_JOB_STATUSES.includes(s)) {
          if (s !== "succeeded") notes.push(`job ${started.job.id}: ${s}`);
          return;
        }
        if (Date.now() - t0 > 5 * 60_000) throw new Error(`job ${started.job.id} took over 5 minutes`);
      }
    };
    // Warm-up (JIT, first-use setup), unprofiled.
    for (const d of dealers.slice(0, warmup)) await runJob(d);
    await new Promise((r) => setTimeout(r, 2000));

    const inspector = await findWorkerdInspector(stack.pid, TARGETS.scraper);
    // The same jobs' workerd CPU without the profiler (its sampling costs CPU too).
    const plain0 = stack.cpu();
    for (const d of dealers.slice(warmup, warmup + opts.jobs)) await runJob(d);
    await new Promise((r) => setTimeout(r, 1500));
    const plain1 = stack.cpu();
    profilers = await Profilers.open(inspector, Object.values(TARGETS));
    const windowsBefore = readWindows(stack.logFile).length;
    const cpu0 = stack.cpu();
    const wall0 = Date.now();
    const clockFrom = Date.now();
    await profilers.start(samplingUs);
    const clockTo = Date.now();
    for (const d of dealers.slice(warmup + opts.jobs)) await runJob(d);
    // Let the last message's waitUntil work (metrics flush, meter line) finish inside the profile.
    await new Promise((r) => setTimeout(r, 1500));
    const profiles = await profilers.stop();
    const cpu1 = stack.cpu();
    log(`scrape-profile: ${opts.jobs} jobs in ${((Date.now() - wall0) / 1000).toFixed(1)} s`);
    const profilesDir = path.join(dir, "profiles");
    mkdirSync(profilesDir, { recursive: true });
    for (const [t, p] of Object.entries(profiles))
      writeFileSync(path.join(profilesDir, `${t.replace(/[^\w-]+/g, "_")}.cpuprofile`), JSON.stringify(p));

    const windows = readWindows(stack.logFile)
      .slice(windowsBefore)
      .filter((w) => w.from >= clockFrom);
    const windowOf = (at: number) => {
      for (const w of windows) if (at >= w.from - 2 && at <= w.to + 2) return w.type;
      return "between messages";
    };
    const modules = new BundleModules(path.join(dir, "dist", "scraper", "metered-scraper.js"));
    const apiModules = new BundleModules(path.join(dir, "dist", "api", "index.js"));
    const per = (x: number) => x / opts.jobs;
    const summaries: Record<string, ProfileSummary> = {};
    // The profile clock mapped to epoch ms: fitted on the scraper's samples against the message windows.
    const clockOffsetMs = fitClockOffset(
      profiles[TARGETS.scraper] as CpuProfile,
      windows,
      clockFrom,
      clockTo,
    );
    notes.push(
      `profile clock fitted to the message windows (profiler start ${clockTo - clockFrom} ms round trip)`,
    );
    for (const [name, target] of Object.entries(TARGETS)) {
      const p = profiles[target] as CpuProfile;
      summaries[name] = summarise(p, {
        clockOffsetMs,
        windowOf,
        intervalUs: samplingUs,
        modules: name === "scraper" ? modules : name === "api" ? apiModules : undefined,
      });
    }
    const isolates: ScrapeProfileResult["isolates"] = {};
    for (const [name, s] of Object.entries(summaries))
      isolates[name] = {
        busyMsPerJob: per(s.busyMs),
        gcMsPerJob: per(s.gcMs),
        byWindowPerJob: Object.fromEntries(Object.entries(s.byWindow).map(([k, v]) => [k, per(v)])),
      };
    const owners = (s: ProfileSummary) =>
      Object.entries(s.byOwner)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([owner, ms]) => ({ owner, msPerJob: per(ms) }));
    const messages: ScrapeProfileResult["messages"] = {};
    for (const w of windows) {
      const m = messages[w.type] ?? { perJob: 0, wallMs: 0, d1WaitMs: 0, sqlMs: 0, statements: 0 };
      messages[w.type] = m;
      m.perJob += 1 / opts.jobs;
      m.wallMs += w.wallMs / opts.jobs;
      m.d1WaitMs += w.totals.waitMs / opts.jobs;
      m.sqlMs += w.totals.sqlMs / opts.jobs;
      m.statements += w.totals.statements / opts.jobs;
    }
    return {
      jobs: opts.jobs,
      vehiclesPerSite: opts.siteVehicles,
      samplingUs,
      workerdCpuMsPerJob: per(cpu1.workerd - cpu0.workerd),
      workerdCpuMsPerJobUnprofiled: per(plain1.workerd - plain0.workerd),
      isolates,
      scraperOwners: owners(summaries.scraper!),
      apiOwners: owners(summaries.api!),
      d1Functions: summaries
        .d1!.topFunctions.slice(0, 10)
        .map((f) => ({ name: f.name, msPerJob: per(f.ms) })),
      scraperFunctions: summaries
        .scraper!.topFunctions.slice(0, 20)
        .map((f) => ({ name: f.name, msPerJob: per(f.ms) })),
      messages,
      profilesDir,
      notes,
    };
  } finally {
    profilers?.close();
    await site.close();
    await stack?.stop();
  }
}
