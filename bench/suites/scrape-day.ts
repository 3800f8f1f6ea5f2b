// Cron fan-out and a simulated scrape day through the real local Worker path (suites `cron-fanout`,
// `scrape-day`, `reconcile-d1`), in ONE `wrangler dev -c wrangler.toml -c <scraper config> --test-scheduled`
// exactly as `npm start` runs the API and scraper Workers:
//
// 1. cron-fanout: N dealerships (default 2,000) are created through the API, each with its own hourly schedule
//    (minute 0-59) in its own timezone (20 zones incl. half- and quarter-hour offsets). One request to
//    /cdn-cgi/handler/scheduled?time=now+61min runs the API Worker's scheduled handler = the same `scheduleTick` the
//    scraper's cron runs (ScrapeScheduler: page the candidates, decide due slots per timezone, create each job
//    and send its `discover` message on the local `scrape-jobs` Queue producer). Timed: the scheduled-handler round
//    trip (the tick, incl. its bounded quality rescore) and how many jobs exist when it returns.
// 2. scrape-day: those N jobs are consumed by the real scraper consumer (discover → fetch-batch → reconcile)
//    against one small demo site (default 10 vehicles) on loopback, politeness 0. Timed until every job is
//    terminal: jobs/minute, messages/s (lower bound: 1 discover + batches + 1 reconcile per job), workerd CPU
//    per job from /proc.
// 3. reconcile-d1: one dealership with a 5,000-vehicle demo site is scraped (all new), the site then moves a
//    few generations (sold, repriced, new arrivals), and the re-scrape is timed, including its reconcile phase
//    (the job polled every 100 ms: first seen `reconciling` → terminal).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "smol-toml";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import { log } from "../lib/http";
import { BENCH_DIR, LOG_DIR, ROOT, WRANGLER } from "../lib/paths";
import { cpuMsOf, descendants, scraperConfig, waitFor } from "./scrape-e2e";

/** Ports of the scale-benchmark engineer's range (8860-8879). */
export const DAY_PORTS = { demo: 8860, api: 8861, inspector: 8862, bigDemo: 8863 };

const ZONES = [
  "UTC",
  "America/New_York",
  "America/Chicago",
  "America/Denver",
  "America/Los_Angeles",
  "America/Phoenix",
  "America/Anchorage",
  "Pacific/Honolulu",
  "America/Toronto",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Athens",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "Asia/Tokyo",
  "Australia/Sydney",
  "Australia/Adelaide",
  "Pacific/Auckland",
  "America/St_Johns",
];

export interface FanoutResult {
  dealerships: number;
  createMs: number;
  tickMs: number;
  jobsWhenTickReturned: number;
  enqueuePerSec: number;
  workerdCpuMs: number;
}

export interface DayResult {
  enqueued: number;
  /** Jobs that ended inside the measured window. */
  scrapes: number;
  vehiclesPerSite: number;
  wallMs: number;
  statuses: Record<string, number>;
  vehiclesFound: number;
  pagesFetched: number;
  messagesLowerBound: number;
  messagesPerSec: number;
  jobsPerMinute: number;
  workerdCpuMs: number;
  wranglerCpuMs: number;
  harnessCpuMs: number;
  cpuMsPerJob: number;
  /** discover + fetch-batch tasks done of jobs still running at the end (an ended job's tasks are purged). */
  tasksDone: number;
}

export interface ReconcileD1Run {
  label: string;
  status: string;
  wallMs: number;
  reconcileMs: number | null;
  found: number;
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  workerdCpuMs: number;
}

export interface ReconcileD1Result {
  vehicles: number;
  changes: { sold: number; repriced: number; arrived: number; generations: number };
  backgroundVehicles: number;
  runs: ReconcileD1Run[];
}

export interface ScrapeDayResult {
  fanout?: FanoutResult;
  day?: DayResult;
  reconcile?: ReconcileD1Result;
  notes: string[];
}

/**
 * Bundles a Worker config once (`wrangler deploy --dry-run`, as for a deploy) and writes a copy that serves
 * the bundle with `no_bundle`: edits to the source tree by others during a run cannot hot-reload the Workers
 * (a reload drops the local queue's in-flight messages and strands jobs).
 */
function snapshotConfig(dir: string, name: string, source: string): string {
  const out = path.join(dir, "dist", name);
  const r = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", out, "-c", source], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) throw new Error(`bundling ${source} failed:\n${r.stdout}\n${r.stderr}`);
  const cfg = parse(readFileSync(source, "utf8")) as Record<string, any>;
  const base = path.dirname(path.resolve(ROOT, source));
  for (const d of cfg.d1_databases ?? [])
    if (d.migrations_dir) d.migrations_dir = path.resolve(base, d.migrations_dir);
  cfg.main = path.join(out, "index.js");
  cfg.no_bundle = true;
  delete cfg.env;
  delete cfg.build;
  const file = path.join(dir, `${name}.run.toml`);
  writeFileSync(file, stringify(cfg));
  return file;
}

/** The local D1 SQLite file under the wrangler state (read-only queries with the sqlite3 CLI). */
function d1File(state: string): string | null {
  const dir = path.join(state, "v3", "d1", "miniflare-D1DatabaseObject");
  try {
    const f = readdirSync(dir).find((n) => n.endsWith(".sqlite") && n !== "metadata.sqlite");
    return f ? path.join(dir, f) : null;
  } catch {
    return null;
  }
}

function sql(file: string, query: string): string[][] {
  const r = spawnSync("sqlite3", ["-readonly", "-separator", "\t", file, query], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t"));
}

async function pool<T>(items: T[], size: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i] as T, i);
      }
    }),
  );
}

export async function runScrapeDaySuite(opts: {
  fanout: boolean;
  day: boolean;
  reconcile: boolean;
  dealerships: number;
  siteVehicles: number;
  reconcileVehicles: number;
  /** Stop waiting for the day after this many minutes and report what completed (the rest is projected). */
  dayMinutes: number;
}): Promise<ScrapeDayResult> {
  const dir = path.join(BENCH_DIR, "scrape-day");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  mkdirSync(LOG_DIR, { recursive: true });
  const notes: string[] = [];
  const result: ScrapeDayResult = { notes };

  const site = await startDemoSite({
    port: DAY_PORTS.demo,
    seed: 7,
    count: opts.siteVehicles,
    style: "mixed" as never,
    pageSize: 24,
  });
  const big = opts.reconcile
    ? await startDemoSite({
        port: DAY_PORTS.bigDemo,
        seed: 42,
        count: opts.reconcileVehicles,
        style: "jsonld" as never,
        pageSize: 48,
      })
    : null;
  const scraperToml = scraperConfig(dir, {
    SCRAPER_DEV_ALLOW_HOSTS: `127.0.0.1:${DAY_PORTS.demo},127.0.0.1:${DAY_PORTS.bigDemo}`,
    SCRAPER_POLITENESS_DELAY_MS: "0",
    LOG_LEVEL: "warn",
  });
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const apiRun = snapshotConfig(dir, "api", path.join(ROOT, "wrangler.toml"));
  const scraperRun = snapshotConfig(dir, "scraper", scraperToml);
  const migrate = spawnSync(
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", "wrangler.toml"],
    { cwd: ROOT, encoding: "utf8", env },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);
  const db = d1File(state);
  if (!db) throw new Error("local D1 file not found after migrations");

  const logFile = path.join(LOG_DIR, `scrape-day-${DAY_PORTS.api}.log`);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      "-c",
      apiRun,
      "-c",
      scraperRun,
      "--ip",
      "127.0.0.1",
      "--port",
      String(DAY_PORTS.api),
      "--inspector-port",
      String(DAY_PORTS.inspector),
      "--persist-to",
      state,
      "--test-scheduled",
      "--show-interactive-dev-session=false",
      "--var",
      "LOG_LEVEL:warn",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true, env },
  );
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  const kill = () => {
    if (child.exitCode === null && child.pid)
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
  };
  process.once("exit", kill);
  const api = `http://127.0.0.1:${DAY_PORTS.api}`;
  try {
    await waitFor(`${api}/v1/health`, 120_000, () => child.exitCode === null);
    const procs = descendants(child.pid!);
    const workerd = procs.filter((p) => p.comm.startsWith("workerd")).map((p) => p.pid);
    const wrangler = [child.pid!, ...procs.filter((p) => p.comm.startsWith("node")).map((p) => p.pid)];
    const cpu = () => ({
      workerd: workerd.reduce((s, p) => s + cpuMsOf(p), 0),
      wrangler: wrangler.reduce((s, p) => s + cpuMsOf(p), 0),
      harness: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    });
    const platform = await mintDevToken({ role: "platform_admin", subject: "bench" });
    const call = async (method: string, p: string, token: string, body?: unknown) => {
      const r = await fetch(`${api}${p}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await r.text();
      if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    };
    const jobCounts = () => {
      const rows = sql(db, "SELECT status, count(*) FROM scrape_jobs GROUP BY status");
      return Object.fromEntries(rows.map(([s, n]) => [s!, Number(n)])) as Record<string, number>;
    };
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const TERMINAL = ["succeeded", "needs_review", "failed", "dead"];
    const active = (c: Record<string, number>) =>
      Object.entries(c)
        .filter(([s]) => !TERMINAL.includes(s))
        .reduce((a, [, n]) => a + n, 0);

    if (opts.fanout || opts.day) {
      // 1. The dealerships, each with its own hourly schedule in its own timezone.
      const t0 = performance.now();
      await pool(
        Array.from({ length: opts.dealerships }, (_, i) => i),
        8,
        async (i) => {
          await call("POST", "/v1/dealerships", platform, {
            name: `Day Motors ${i}`,
            websiteUrl: `${site.url}/`,
            timezone: ZONES[i % ZONES.length],
            scrapeSchedule: { enabled: true, cron: `${(i * 7) % 60} * * * *` },
          });
        },
      );
      const createMs = performance.now() - t0;
      log(`scrape-day: ${opts.dealerships} dealerships created in ${(createMs / 1000).toFixed(1)} s`);

      // 2. One cron tick, 61 minutes ahead: every hourly schedule has exactly one slot since its creation.
      const before = cpu();
      const t1 = performance.now();
      const r = await fetch(
        `${api}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=${Date.now() + 61 * 60_000}`,
      );
      await r.text();
      const tickMs = performance.now() - t1;
      const afterTick = cpu();
      if (!r.ok) throw new Error(`scheduled handler: ${r.status}`);
      const jobsWhenTickReturned = total(jobCounts());
      result.fanout = {
        dealerships: opts.dealerships,
        createMs,
        tickMs,
        jobsWhenTickReturned,
        enqueuePerSec: jobsWhenTickReturned / (tickMs / 1000),
        workerdCpuMs: afterTick.workerd - before.workerd,
      };
      log(
        `cron-fanout: tick ${(tickMs / 1000).toFixed(2)} s, ${jobsWhenTickReturned} jobs enqueued for ${opts.dealerships} dealerships`,
      );
      if (jobsWhenTickReturned !== opts.dealerships)
        notes.push(`the tick created ${jobsWhenTickReturned} jobs for ${opts.dealerships} due dealerships`);

      // 3. The day: wait for every job to end.
      if (opts.day) {
        let counts = jobCounts();
        while (active(counts) > 0) {
          await new Promise((res) => setTimeout(res, 2000));
          counts = jobCounts();
          if (performance.now() - t1 > opts.dayMinutes * 60_000) {
            notes.push(
              `scrape-day: measured window ${opts.dayMinutes} min; ${active(counts)} of ${total(counts)} jobs still active when it closed (counted as not done)`,
            );
            break;
          }
        }
        const wallMs = performance.now() - t1;
        const after = cpu();
        // Only jobs that ended inside the window count.
        const [agg] = sql(
          db,
          "SELECT count(*), sum(vehicles_found), sum(pages_fetched), sum(batches_total) FROM scrape_jobs WHERE finished_at IS NOT NULL",
        );
        const [jobs, found, pages, endedBatches] = (agg ?? []).map((x) => Number(x) || 0) as [
          number,
          number,
          number,
          number,
        ];
        const [all] = sql(db, "SELECT sum(vehicles_found), sum(pages_fetched) FROM scrape_jobs");
        // Messages handled in the window (a lower bound): the tasks done of jobs still running, plus for each
        // ended job (its tasks are purged) one discover, its batches and one reconcile.
        const tasksDone = Number(
          sql(db, "SELECT count(*) FROM scrape_job_tasks WHERE status = 'done'")[0]?.[0] ?? 0,
        );
        const messages = tasksDone + endedBatches + 2 * jobs;
        const workerdCpuMs = after.workerd - before.workerd;
        result.day = {
          enqueued: total(counts),
          scrapes: jobs,
          vehiclesPerSite: opts.siteVehicles,
          wallMs,
          statuses: counts,
          vehiclesFound: Number(all?.[0]) || found,
          pagesFetched: Number(all?.[1]) || pages,
          messagesLowerBound: messages,
          messagesPerSec: messages / (wallMs / 1000),
          jobsPerMinute: jobs / (wallMs / 60_000),
          workerdCpuMs,
          wranglerCpuMs: after.wrangler - before.wrangler,
          harnessCpuMs: after.harness - before.harness,
          cpuMsPerJob: workerdCpuMs / Math.max(1, jobs),
          tasksDone,
        };
        log(
          `scrape-day: ${jobs} scrapes in ${(wallMs / 1000).toFixed(1)} s (${JSON.stringify(counts)}), workerd CPU ${Math.round(workerdCpuMs)} ms`,
        );
      }
    }

    if (opts.reconcile && big) {
      const backgroundVehicles = Number(sql(db, "SELECT count(*) FROM vehicles")[0]?.[0] ?? 0);
      const dealer = await call("POST", "/v1/dealerships", platform, {
        name: "Reconcile Motors",
        websiteUrl: `${big.url}/`,
        timezone: "UTC",
        scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
      });
      const admin = await mintDevToken({ role: "dealer_admin", dealerships: [dealer.id], subject: "bench" });
      const runs: ReconcileD1Run[] = [];
      let changes = { sold: 0, repriced: 0, arrived: 0, generations: 0 };
      for (const label of ["first scrape (every vehicle new)", "re-scrape after the lot moved"]) {
        if (runs.length === 1) {
          // Move the lot until at least ~3% sold (the demo site's own churn model also reprices and adds).
          let by = 0;
          const sold = new Set<string>();
          const repriced = new Set<string>();
          const arrived = new Set<string>();
          while (sold.size < opts.reconcileVehicles * 0.03 && by < 50) {
            const { changes: c } = big.state.advance(1);
            by++;
            for (const v of c.sold) sold.add(v);
            for (const v of c.repriced) repriced.add(v.vin);
            for (const v of c.arrived) arrived.add(v);
          }
          changes = { sold: sold.size, repriced: repriced.size, arrived: arrived.size, generations: by };
        }
        const before = cpu();
        const t0 = performance.now();
        const started = await call("POST", `/v1/dealerships/${dealer.id}/scrapes`, admin, {});
        let job: any = started.job;
        // Server-side: the job's updatedAt when first seen `reconciling` (the transition) → its finishedAt.
        let reconcilingAt: number | null = null;
        while (!TERMINAL.includes(job.status)) {
          await new Promise((r) => setTimeout(r, 100));
          // A poll that fails under load (connection reset) is retried at the next tick, not fatal.
          job = await call("GET", `/v1/jobs/${job.id}`, platform).catch(() => job);
          if (job.status === "reconciling" && reconcilingAt === null)
            reconcilingAt = Date.parse(job.updatedAt);
          if (performance.now() - t0 > 30 * 60_000) throw new Error("the scrape took over 30 minutes");
        }
        const end = performance.now();
        const after = cpu();
        if (job.status !== "succeeded")
          notes.push(`reconcile-d1 ${label}: ${job.status} ${JSON.stringify(job.review?.reasons ?? [])}`);
        const c = job.counts;
        runs.push({
          label,
          status: job.status,
          wallMs: end - t0,
          reconcileMs: reconcilingAt === null ? null : Date.parse(job.finishedAt) - reconcilingAt,
          found: c.vehiclesFound,
          created: c.vehiclesNew,
          updated: c.vehiclesUpdated,
          unchanged: c.vehiclesUnchanged,
          removed: c.vehiclesRemoved,
          workerdCpuMs: after.workerd - before.workerd,
        });
        log(
          `reconcile-d1 ${label}: ${job.status} in ${((end - t0) / 1000).toFixed(1)} s, reconcile phase ${reconcilingAt === null ? "not observed" : `${Date.parse(job.finishedAt) - reconcilingAt} ms`}`,
        );
      }
      result.reconcile = { vehicles: opts.reconcileVehicles, changes, backgroundVehicles, runs };
    }
    return result;
  } finally {
    await site.close();
    await big?.close();
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((r) => child.once("exit", r));
      try {
        process.kill(-child.pid, "SIGINT");
      } catch {}
      const t = setTimeout(kill, 5000);
      await exited;
      clearTimeout(t);
    }
  }
}
