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
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import { log } from "../lib/http";
import { BENCH_DIR } from "../lib/paths";
import {
  apiConfig,
  platformToken,
  pollJob,
  scraperConfig,
  snapshotConfig,
  startWorkersStack,
  TERMINAL_JOB_STATUSES,
  type WorkersStack,
} from "../lib/workers-stack";

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
  /** SCRAPER_SCHEDULE_SPREAD_SECONDS the stack ran with (the tick spreads starts over it). */
  spreadSeconds: number;
  createMs: number;
  tickMs: number;
  jobsWhenTickReturned: number;
  /** Tick sent → every due dealership has a job (= tickMs when the tick itself creates them). */
  allJobsCreatedMs: number | null;
  enqueuePerSec: number;
  jobsCreatedPerSec: number | null;
  /** workerd CPU during the scheduled handler, and until every job existed. */
  workerdCpuMs: number;
  workerdCpuUntilCreatedMs: number;
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
  /** Ended jobs' createdAt → finishedAt (server side). */
  jobLatencyMs: { p50: number | null; p90: number | null; max: number | null };
  /** Tick sent → the first job finished. */
  firstEndedMs: number | null;
  /** The local scrape-jobs consumer's max_batch_size (null: the scraper's wrangler.toml). */
  localBatch: number | null;
  /** One entry per cron tick of the day (the first is the fan-out's tick). */
  rounds: DayRound[];
}

export interface DayRound {
  round: number;
  /** The tick's simulated time − the first tick's (61 min apart). */
  simulatedOffsetMinutes: number;
  /** Tick sent (or, for the first, the fan-out's tick) → every job of the round terminal, or the window closed. */
  wallMs: number;
  /** Jobs that ended in this round. */
  ended: number;
  workerdCpuMs: number;
}

export interface ReconcileD1Run {
  label: string;
  status: string;
  wallMs: number;
  /** Server side: the job's createdAt → finishedAt (free of the harness's polling). */
  serverMs: number;
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
  /** SCRAPER_SCHEDULE_SPREAD_SECONDS for the stack (0: every due start at once, the worst burst). */
  spreadSeconds: number;
  /** Cron ticks of the day, 61 simulated minutes apart: each hourly schedule is due once per tick. */
  rounds: number;
  /** The local scrape-jobs consumer's max_batch_size (0: the scraper's wrangler.toml). */
  localBatch: number;
}): Promise<ScrapeDayResult> {
  const dir = path.join(BENCH_DIR, "scrape-day");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
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
  const spread = { SCRAPER_SCHEDULE_SPREAD_SECONDS: String(opts.spreadSeconds) };
  const scraperToml = scraperConfig(
    dir,
    {
      SCRAPER_DEV_ALLOW_HOSTS: `127.0.0.1:${DAY_PORTS.demo},127.0.0.1:${DAY_PORTS.bigDemo}`,
      SCRAPER_POLITENESS_DELAY_MS: "0",
      LOG_LEVEL: "warn",
      ...spread,
    },
    opts.localBatch > 0 ? { scrapeBatchSize: opts.localBatch } : {},
  );
  let stack: WorkersStack | null = null;
  try {
    // The API Worker's scheduled handler runs the tick here (--test-scheduled), with the bench's spread.
    const apiRun = snapshotConfig(dir, "api", apiConfig(dir, { vars: spread }));
    const scraperRun = snapshotConfig(dir, "scraper", scraperToml);
    stack = await startWorkersStack({
      state,
      configs: [apiRun, scraperRun],
      port: DAY_PORTS.api,
      inspectorPort: DAY_PORTS.inspector,
      logName: "scrape-day",
      testScheduled: true,
    });
    const db = d1File(state);
    if (!db) throw new Error("local D1 file not found after migrations");
    const { call, cpu } = stack;
    const api = stack.url;
    const platform = await platformToken();
    const jobCounts = () => {
      const rows = sql(db, "SELECT status, count(*) FROM scrape_jobs GROUP BY status");
      return Object.fromEntries(rows.map(([s, n]) => [s!, Number(n)])) as Record<string, number>;
    };
    const finishedCount = () =>
      Number(sql(db, "SELECT count(*) FROM scrape_jobs WHERE finished_at IS NOT NULL")[0]?.[0] ?? 0);
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const TERMINAL = TERMINAL_JOB_STATUSES;
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
      //    (Later rounds of the day tick 61 simulated minutes after the previous one.)
      const firstTickAt = Date.now() + 61 * 60_000;
      const tick = async (at: number) => {
        const r = await fetch(`${api}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*&time=${at}`);
        await r.text();
        if (!r.ok) throw new Error(`scheduled handler: ${r.status}`);
      };
      const before = cpu();
      const t1 = performance.now();
      await tick(firstTickAt);
      const tickMs = performance.now() - t1;
      const afterTick = cpu();
      const jobsWhenTickReturned = total(jobCounts());
      // The tick may only decide and enqueue (`schedule` messages, 20 dealerships each) and leave the jobs to
      // the scrape-jobs consumer: then the fan-out ends when every due dealership has its job (≤ 10 min).
      let allJobsCreatedMs: number | null = jobsWhenTickReturned >= opts.dealerships ? tickMs : null;
      while (allJobsCreatedMs === null && performance.now() - t1 < 10 * 60_000) {
        await new Promise((res) => setTimeout(res, 250));
        if (total(jobCounts()) >= opts.dealerships) allJobsCreatedMs = performance.now() - t1;
      }
      const afterCreated = cpu();
      result.fanout = {
        dealerships: opts.dealerships,
        spreadSeconds: opts.spreadSeconds,
        createMs,
        tickMs,
        jobsWhenTickReturned,
        allJobsCreatedMs,
        enqueuePerSec: jobsWhenTickReturned / (tickMs / 1000),
        jobsCreatedPerSec: allJobsCreatedMs === null ? null : opts.dealerships / (allJobsCreatedMs / 1000),
        workerdCpuMs: afterTick.workerd - before.workerd,
        workerdCpuUntilCreatedMs: afterCreated.workerd - before.workerd,
      };
      log(
        `cron-fanout: tick ${(tickMs / 1000).toFixed(2)} s, ${jobsWhenTickReturned} jobs when it returned, all ${opts.dealerships} created after ${allJobsCreatedMs === null ? "—" : `${(allJobsCreatedMs / 1000).toFixed(1)} s`}`,
      );
      if (allJobsCreatedMs === null)
        notes.push(
          `only ${total(jobCounts())} jobs existed 10 minutes after the tick for ${opts.dealerships} due dealerships`,
        );

      // 3. The day: each round waits for every job to exist and end; the next round is the next tick.
      if (opts.day) {
        let counts = jobCounts();
        const rounds: DayRound[] = [];
        let ticks = 1;
        for (let round = 1; round <= opts.rounds; round++) {
          const roundStart = round === 1 ? t1 : performance.now();
          const roundCpu = round === 1 ? before : cpu();
          const endedBefore = finishedCount();
          if (round > 1) {
            await tick(firstTickAt + (round - 1) * 61 * 60_000);
            ticks++;
          }
          let closed = false;
          while (total(counts) < opts.dealerships * round || active(counts) > 0) {
            await new Promise((res) => setTimeout(res, 2000));
            counts = jobCounts();
            if (performance.now() - t1 > opts.dayMinutes * 60_000) {
              notes.push(
                `scrape-day: measured window ${opts.dayMinutes} min closed in round ${round} of ${opts.rounds}; ${active(counts)} of ${total(counts)} jobs still active (counted as not done)`,
              );
              closed = true;
              break;
            }
          }
          const ended = finishedCount() - endedBefore;
          rounds.push({
            round,
            simulatedOffsetMinutes: (round - 1) * 61,
            wallMs: performance.now() - roundStart,
            ended,
            workerdCpuMs: cpu().workerd - roundCpu.workerd,
          });
          log(
            `scrape-day: round ${round}/${opts.rounds}: ${ended} jobs ended in ${((performance.now() - roundStart) / 1000).toFixed(1)} s (${JSON.stringify(counts)})`,
          );
          if (closed) break;
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
        // Per ended job, server side: created (the consumer started it) → finished, and finished since the tick.
        const tickAt = Date.now() - (performance.now() - t1);
        const ends = sql(db, "SELECT created_at, finished_at FROM scrape_jobs WHERE finished_at IS NOT NULL")
          .map(([c, f]) => ({ created: Date.parse(c ?? ""), finished: Date.parse(f ?? "") }))
          .filter((e) => Number.isFinite(e.created) && Number.isFinite(e.finished));
        const latencies = ends.map((e) => e.finished - e.created).sort((a, b) => a - b);
        const pick = (q: number) =>
          latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? null;
        const firstEndedMs = ends.length ? Math.min(...ends.map((e) => e.finished)) - tickAt : null;
        // Messages handled in the window (a lower bound): the tasks done of jobs still running, plus for each
        // ended job (its tasks are purged) one discover, its batches and one reconcile.
        const tasksDone = Number(
          sql(db, "SELECT count(*) FROM scrape_job_tasks WHERE status = 'done'")[0]?.[0] ?? 0,
        );
        // Plus the tick's `schedule` messages (20 dealerships each) when the consumer starts the jobs.
        const scheduleMessages =
          (result.fanout?.jobsWhenTickReturned ?? 0) < opts.dealerships
            ? Math.ceil(opts.dealerships / 20) * ticks
            : 0;
        const messages = tasksDone + endedBatches + 2 * jobs + scheduleMessages;
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
          jobLatencyMs: { p50: pick(0.5), p90: pick(0.9), max: latencies.at(-1) ?? null },
          firstEndedMs,
          localBatch: opts.localBatch > 0 ? opts.localBatch : null,
          rounds,
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
        // Server-side: the job's updatedAt when first seen `reconciling` (the transition) → its finishedAt.
        let reconcilingAt: number | null = null;
        // A poll that fails under load (connection reset) is retried at the next tick, not fatal.
        const job = await pollJob(stack, started.job, platform, {
          intervalMs: 100,
          retryFailedPolls: true,
          onPoll: (j) => {
            if (j.status === "reconciling" && reconcilingAt === null) reconcilingAt = Date.parse(j.updatedAt);
          },
        });
        const end = performance.now();
        const after = cpu();
        if (job.status !== "succeeded")
          notes.push(`reconcile-d1 ${label}: ${job.status} ${JSON.stringify(job.review?.reasons ?? [])}`);
        const c = job.counts;
        runs.push({
          label,
          status: job.status,
          wallMs: end - t0,
          serverMs: Date.parse(job.finishedAt) - Date.parse(job.createdAt),
          reconcileMs: reconcilingAt === null ? null : Date.parse(job.finishedAt) - reconcilingAt,
          found: c.vehiclesFound,
          created: c.vehiclesNew,
          updated: c.vehiclesUpdated,
          unchanged: c.vehiclesUnchanged,
          removed: c.vehiclesRemoved,
          workerdCpuMs: after.workerd - before.workerd,
        });
        log(
          `reconcile-d1 ${label}: ${job.status} in ${((end - t0) / 1000).toFixed(1)} s (server ${((Date.parse(job.finishedAt) - Date.parse(job.createdAt)) / 1000).toFixed(1)} s), reconcile phase ${reconcilingAt === null ? "not observed" : `${Date.parse(job.finishedAt) - reconcilingAt} ms`}`,
        );
      }
      result.reconcile = { vehicles: opts.reconcileVehicles, changes, backgroundVehicles, runs };
    }
    return result;
  } finally {
    await site.close();
    await big?.close();
    await stack?.stop();
  }
}
