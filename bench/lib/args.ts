/** Command-line options of `pnpm bench` (all optional; the defaults are the full sizes from SPEC "Scale"). */
export const SUITES = [
  "middleware",
  "rate-limit",
  "search-pg",
  "search-d1",
  "extract-throughput",
  "extract-accuracy",
  "scrape-e2e",
  // Scale (operations issue): bench/suites/reconcile.ts, bench/suites/scrape-day.ts, bench/suites/d1-rows.ts,
  // bench/suites/scrape-profile.ts
  "reconcile-pg",
  "reconcile-d1",
  "cron-fanout",
  "scrape-day",
  "d1-rows",
  "scrape-profile",
  // Vectors and AI (issue 4): bench/suites/vector-local.ts, llm-local.ts, embedder.ts, chat-ttft.ts
  "vector-local",
  "llm-local",
  "embedder",
  "chat-ttft",
] as const;
/** The AI issue's suites (their results go between BENCHMARKS.md's AI markers). */
export const AI_SUITES = ["vector-local", "llm-local", "embedder", "chat-ttft"] as const;
/** The scraping issue's suites (their results go between BENCHMARKS.md's scraping markers). */
export const SCRAPING_SUITES = ["extract-throughput", "extract-accuracy", "scrape-e2e"] as const;
/** The operations issue's scale suites (run and reported together by bench/suites/scrape-day-report.ts). */
export const SCALE_SUITES = [
  "reconcile-pg",
  "reconcile-d1",
  "cron-fanout",
  "scrape-day",
  "d1-rows",
  "scrape-profile",
] as const;
export type SuiteName = (typeof SUITES)[number];

export interface BenchOptions {
  only: SuiteName[];
  vehicles: number;
  dealerships: number;
  /** Timed iterations per query shape and path (repository / raw). */
  iterations: number;
  /** autocannon seconds per target. */
  duration: number;
  connections: number;
  /** Rate-limit exactness: concurrent requests and the limit. */
  burst: number;
  limit: number;
  /** Rewrite the results section of BENCHMARKS.md (default: only for a full-size run of every suite). */
  writeDoc: boolean;
  /** Drop and reload the datasets even when their manifests match. */
  reload: boolean;
  port?: number;
  /** extract-throughput: timed runs per corpus and implementation. */
  extractRuns: number;
  /** scrape-e2e: demo-site size and markup style. */
  e2eVehicles: number;
  e2eStyle: string;
  /** Scale suites: vehicles of the reconciled dealership; dealerships in the cron fan-out / day; vehicles per
   * day site; minutes the day is measured before the rest is projected. */
  reconcileVehicles: number;
  dayDealerships: number;
  daySiteVehicles: number;
  dayMinutes: number;
  /** cron-fanout / scrape-day: SCRAPER_SCHEDULE_SPREAD_SECONDS of the stack (0 = every start at once). */
  daySpreadSeconds: number;
  /** scrape-day: cron ticks of the simulated day (each 61 simulated minutes after the last, so every hourly
   * schedule is due once per tick); jobs = dealerships × rounds. */
  dayRounds: number;
  /** scrape-day: the local scrape-jobs consumer's max_batch_size (0 = the scraper's wrangler.toml). */
  dayLocalBatch: number;
  /** d1-rows: vehicles of the metered dealership's site. */
  rowsVehicles: number;
  /** scrape-profile: profiled jobs (run one at a time, after 3 warm-up jobs). */
  profileJobs: number;
  /** AI suites: local vector store sizes; embedder vehicles per run; chat-ttft rounds over its questions. */
  vectorSizes: number[];
  embedderVehicles: number;
  ttftRounds: number;
}

export const FULL = { vehicles: 1_000_000, dealerships: 2_000 };

function usage(): never {
  console.log(`usage: pnpm bench [--only ${SUITES.join("|")}[,…]] [--vehicles N] [--dealerships N]
                  [--iterations N] [--duration S] [--connections N] [--burst N --limit L]
                  [--write-doc|--no-write-doc] [--reload]
                  [--extract-runs N] [--e2e-vehicles N] [--e2e-style mixed|jsonld|microdata|opengraph|plain]
                  [--reconcile-vehicles N] [--day-dealerships N] [--day-site-vehicles N] [--day-minutes M]
                  [--day-spread-seconds S] [--day-rounds N] [--day-local-batch N]
                  [--rows-vehicles N] [--profile-jobs N]
                  [--vector-sizes 5000,100000] [--embedder-vehicles N] [--ttft-rounds N]`);
  process.exit(0);
}

export function parseArgs(argv: string[]): BenchOptions {
  const opts: BenchOptions = {
    only: [...SUITES],
    vehicles: FULL.vehicles,
    dealerships: FULL.dealerships,
    iterations: 200,
    duration: 15,
    connections: 10,
    burst: 200,
    limit: 50,
    writeDoc: false,
    reload: false,
    extractRuns: 9,
    e2eVehicles: 1_000,
    e2eStyle: "mixed",
    reconcileVehicles: 5_000,
    dayDealerships: 2_000,
    daySiteVehicles: 10,
    dayMinutes: 5,
    daySpreadSeconds: 0,
    dayRounds: 1,
    dayLocalBatch: 0,
    rowsVehicles: 500,
    profileJobs: 20,
    vectorSizes: [5_000, 100_000],
    embedderVehicles: 1_000,
    ttftRounds: 5,
  };
  let writeDoc: boolean | undefined;
  const num = (name: string, v: string | undefined) => {
    const n = Number(v?.replace(/_/g, ""));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got ${v}`);
    return n;
  };
  const whole = (name: string, v: string | undefined, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new Error(`--${name} must be a whole number ${min}-${max}, got ${n}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--only": {
        const names = (value() ?? "").split(",").filter(Boolean);
        for (const n of names)
          if (!SUITES.includes(n as SuiteName)) throw new Error(`unknown suite ${n} (${SUITES.join(", ")})`);
        opts.only = names as SuiteName[];
        break;
      }
      case "--vehicles":
        opts.vehicles = num("vehicles", value());
        break;
      case "--dealerships":
        opts.dealerships = num("dealerships", value());
        break;
      case "--iterations":
        opts.iterations = num("iterations", value());
        break;
      case "--duration":
        opts.duration = num("duration", value());
        break;
      case "--connections":
        opts.connections = num("connections", value());
        break;
      case "--burst":
        opts.burst = num("burst", value());
        break;
      case "--limit":
        opts.limit = num("limit", value());
        break;
      case "--port":
        opts.port = num("port", value());
        break;
      case "--write-doc":
        writeDoc = true;
        break;
      case "--no-write-doc":
        writeDoc = false;
        break;
      case "--reload":
        opts.reload = true;
        break;
      case "--extract-runs":
        opts.extractRuns = num("extract-runs", value());
        break;
      case "--e2e-vehicles":
        opts.e2eVehicles = num("e2e-vehicles", value());
        break;
      case "--e2e-style": {
        const s = value() ?? "";
        if (!["mixed", "jsonld", "microdata", "opengraph", "plain"].includes(s))
          throw new Error(`--e2e-style must be mixed, jsonld, microdata, opengraph or plain, got ${s}`);
        opts.e2eStyle = s;
        break;
      }
      case "--reconcile-vehicles":
        opts.reconcileVehicles = num("reconcile-vehicles", value());
        break;
      case "--day-dealerships":
        opts.dayDealerships = num("day-dealerships", value());
        break;
      case "--day-site-vehicles":
        opts.daySiteVehicles = num("day-site-vehicles", value());
        break;
      case "--day-minutes":
        opts.dayMinutes = num("day-minutes", value());
        break;
      case "--day-spread-seconds":
        opts.daySpreadSeconds = whole("day-spread-seconds", value(), 0, 299);
        break;
      case "--day-rounds":
        opts.dayRounds = num("day-rounds", value());
        break;
      case "--day-local-batch":
        // miniflare's queue consumer accepts 1-100 (Queues' own max_batch_size limit); 0 keeps wrangler.toml's.
        opts.dayLocalBatch = whole("day-local-batch", value(), 0, 100);
        break;
      case "--rows-vehicles":
        opts.rowsVehicles = num("rows-vehicles", value());
        break;
      case "--profile-jobs":
        opts.profileJobs = num("profile-jobs", value());
        break;
      case "--vector-sizes":
        opts.vectorSizes = (value() ?? "").split(",").map((x) => num("vector-sizes", x));
        break;
      case "--embedder-vehicles":
        opts.embedderVehicles = num("embedder-vehicles", value());
        break;
      case "--ttft-rounds":
        opts.ttftRounds = num("ttft-rounds", value());
        break;
      case "--help":
      case "-h":
        usage();
        break;
      default:
        throw new Error(`unknown option ${a} (try --help)`);
    }
  }
  if (opts.limit >= opts.burst) throw new Error("--limit must be below --burst");
  const fullRun =
    opts.only.length === SUITES.length &&
    opts.vehicles === FULL.vehicles &&
    opts.dealerships === FULL.dealerships;
  // The scraping suites have their own section in BENCHMARKS.md: a run of all three rewrites it.
  const scrapingRun =
    opts.only.every((n) => (SCRAPING_SUITES as readonly string[]).includes(n)) &&
    SCRAPING_SUITES.every((n) => opts.only.includes(n));
  // The scale suites write their own section (between the scale markers) when only they run.
  const scaleRun = opts.only.every((n) =>
    ["reconcile-pg", "reconcile-d1", "cron-fanout", "scrape-day", "d1-rows", "scrape-profile"].includes(n),
  );
  // The AI suites write their own section (between the AI markers) when only they run.
  const aiRun = opts.only.every((n) => (AI_SUITES as readonly string[]).includes(n));
  opts.writeDoc = writeDoc ?? (fullRun || scrapingRun || scaleRun || aiRun);
  return opts;
}
