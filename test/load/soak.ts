/**
 * Load and soak run against the REAL local stack: the API, scraper and embedder Workers under one
 * `wrangler dev` (free port, fresh persisted state under .wrangler/load-soak/), seeded through the API,
 * then autocannon on 127.0.0.1 with sustained mixed traffic for a bounded time:
 *
 * - dealer-site reads with publishable API keys across several dealerships: public vehicle search,
 *   vehicle detail, semantic search;
 * - staff writes with dealer_staff JWTs: vehicle upserts (new VINs) and price updates (PATCH).
 *
 * One dealership (the "hot" one) has a deliberately low public rate limit, so 429s are expected: they are
 * counted on their own and are not failures. Everything else must be 2xx: zero 5xx, zero other errors,
 * zero connection errors or timeouts. Resident memory (VmRSS from /proc/<pid>/status) is sampled every
 * second for the two workerd processes of this wrangler dev, kept apart (see `splitWorkerd`):
 *
 * - the Workers process: the workerd that runs OUR code (API, scraper, embedder, their Durable Objects,
 *   local D1/queues). `memoryVerdict` judges this one: it is what the soak is about.
 * - wrangler's dev proxy: a second workerd that wrangler dev puts in front (its ProxyWorker and
 *   InspectorProxyWorker, no project code) and that forwards every request. Unpatched, it kept every
 *   inspector message of the runtime (every subrequest's Network events) forever; patches/wrangler@4.86.0.patch
 *   bounds that. It is reported (first/last/slope), not judged: it is local tooling that does not exist in
 *   production (issue 6, docs/operations.md "Load and soak").
 *
 * Used by test/load/soak.test.ts (`npm test`, LOAD_SOAK_SECONDS, default 20) and by
 * `pnpm bench --only soak` (test/load/cli.ts, default 300 s).
 */
import { readdirSync, readFileSync } from "node:fs";
import autocannon from "autocannon";
import { SignJWT } from "jose";
import { parse } from "smol-toml";
import { makeVin, WMI } from "../api/helpers/vins";
import { type LocalApi, ROOT, startLocalApi } from "../browser/support/stack";

export interface SoakOptions {
  seconds: number;
  /** Dealerships taking traffic (one more, the hot one, is rate limited on purpose). */
  dealerships?: number;
  vehiclesPerDealership?: number;
  connections?: number;
  /** Share of requests that are staff writes (0..1). */
  writeShare?: number;
  /**
   * Requests of the same mix sent before the judged window (default LOAD_SOAK_WARMUP_REQUESTS, else
   * JUDGED_WARMUP_REQUESTS for windows of MEMORY_JUDGED_FROM_SECONDS or more and SHORT_WARMUP_REQUESTS
   * below; 0 = none): the Workers' workerd ramps up steeply while it warms, then levels off.
   */
  warmupRequests?: number;
  /** Which writes make up that share (default both, alternating): for isolating one write path. */
  writeKinds?: ("update" | "upsert")[];
  /** State directory name under .wrangler/ (default "load-soak"). */
  name?: string;
  /** wrangler dev's HTTP and inspector ports (default: free ports from the OS). */
  port?: number;
  inspectorPort?: number;
  /** Extra wrangler `--var`s for the API (diagnostics, e.g. LOG_LEVEL; see startLocalApi). */
  vars?: Record<string, string>;
  log?: (line: string) => void;
}

export interface MemorySample {
  t: number;
  /** RSS of the workerd process(es) running our Workers (the one `memoryVerdict` judges). */
  rssMb: number;
  /** RSS of wrangler dev's proxy workerd (reported, not judged; see the file comment). */
  proxyRssMb?: number;
  /** The workerd processes seen (they change when wrangler dev restarts workerd, e.g. on a file change). */
  pids?: string;
}

export interface SoakReport {
  seconds: number;
  connections: number;
  dealerships: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Latency of each kind of request (ms). */
  byKind: Record<string, { count: number; p50: number; p95: number; p99: number }>;
  statuses: Record<string, number>;
  rateLimited: number;
  serverErrors: number;
  /** Non-2xx responses other than 429 (5xx included). */
  otherErrors: number;
  connectionErrors: number;
  timeouts: number;
  /** The warm-up before the judged window (its statuses/errors are in the totals above). */
  warmup: {
    requests: number;
    seconds: number;
    rssBeforeMb: number;
    rssAfterMb: number;
    proxyRssBeforeMb: number;
    proxyRssAfterMb: number;
  };
  memory: {
    samples: MemorySample[];
    firstMb: number;
    lastMb: number;
    maxMb: number;
    /** workerd restarts seen (pid set changed); the verdict and slope use the longest stable segment. */
    restarts: number;
    /** wrangler dev's proxy workerd over the same segment: reported, not judged. */
    proxy: { firstMb: number; lastMb: number; slopeMbPerMin: number };
    segmentSamples: number;
    /** Least-squares slope over the samples after the first third (MB per minute). */
    slopeMbPerMin: number;
    /** That slope per request served (KB); judged (MEMORY_MAX_KB_PER_REQUEST). */
    kbPerRequest: number;
    /** memoryVerdict on the judged window (meaningful on runs of MEMORY_JUDGED_FROM_SECONDS or more). */
    ok: boolean;
    secondThirdMedianMb: number;
    lastThirdMedianMb: number;
  };
}

/** Last-third median may exceed the second-third median by at most this share (see memoryVerdict). */
export const MEMORY_GROWTH_TOLERANCE = 0.1;
/** ...plus this absolute slack (MB), so a short run's GC sawtooth on a small heap is not a "leak". */
export const MEMORY_SLACK_MB = 16;
/**
 * ...and the judged window may grow by at most this many KB per request served (least-squares slope after
 * its first third). The thirds rule alone is loose on a ~1.2 GB process (10% is ~120 MB); a leak of one
 * small object per request (~1 KB) shows here. The local runtime's own residual after its ramp measured
 * 0.17-0.33 KB per request over 300-1,500 s windows, 0.81 on one 300 s window that ended on a GC sawtooth
 * peak (BENCHMARKS.md, "Soak results: a ramp, then a plateau").
 */
export const MEMORY_MAX_KB_PER_REQUEST = 1;
/** Shortest judged window (s): shorter runs are reported, not judged (too few samples for a slope). */
export const MEMORY_JUDGED_FROM_SECONDS = 300;
/** Whether a window of this length has its memory judged (and so a JUDGED_WARMUP_REQUESTS warm-up). */
export const memoryJudged = (seconds: number) => seconds >= MEMORY_JUDGED_FROM_SECONDS;
/**
 * Warm-up before a judged window, in requests of the same mix: the local runtime (workerd + miniflare's
 * D1, queue and entry isolates) ramps steeply for its first ~75,000-120,000 requests of this mix and
 * then levels off near 1.2 GB (measured over 1,500 s, docs/operations.md "Load and soak").
 */
export const JUDGED_WARMUP_REQUESTS = 120_000;
/** Warm-up of an unjudged short run (npm test's 20 s): enough to reach every isolate and code path. */
export const SHORT_WARMUP_REQUESTS = 1_500;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.floor((s.length - 1) / 2)] as number) : 0;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number)
    : 0;

/**
 * Stable memory, two rules over the judged window (which starts after the warm-up):
 *
 * 1. Thirds: its first third is ignored; the median RSS of the last third must be within
 *    MEMORY_GROWTH_TOLERANCE (+ MEMORY_SLACK_MB) of the median of the second third. Medians, not
 *    first/last samples, so one GC pause or allocation spike cannot decide.
 * 2. Slope: the least-squares slope after the first third, per request served, must be at most
 *    MEMORY_MAX_KB_PER_REQUEST (only when `requestsPerSecond` is given). A real leak grows linearly with
 *    traffic; this catches one that is small against a large process, which rule 1 lets through.
 */
export function memoryVerdict(
  samples: MemorySample[],
  opts: { requestsPerSecond?: number } = {},
): {
  ok: boolean;
  secondThirdMedianMb: number;
  lastThirdMedianMb: number;
  limitMb: number;
  /** Least-squares slope after the first third (MB per minute). */
  slopeMbPerMin: number;
  /** That slope per request served (KB), when requestsPerSecond was given. */
  kbPerRequest: number | null;
} {
  const n = samples.length;
  const second = samples.slice(Math.floor(n / 3), Math.floor((2 * n) / 3)).map((s) => s.rssMb);
  const last = samples.slice(Math.floor((2 * n) / 3)).map((s) => s.rssMb);
  const secondThirdMedianMb = median(second);
  const lastThirdMedianMb = median(last);
  const limitMb = secondThirdMedianMb * (1 + MEMORY_GROWTH_TOLERANCE) + MEMORY_SLACK_MB;
  const slopeMbPerMin = slopePerMinute(samples);
  const kbPerRequest = opts.requestsPerSecond ? (slopeMbPerMin * 1024) / (opts.requestsPerSecond * 60) : null;
  const ok =
    n >= 6 &&
    lastThirdMedianMb <= limitMb &&
    (kbPerRequest === null || kbPerRequest <= MEMORY_MAX_KB_PER_REQUEST);
  return { ok, secondThirdMedianMb, lastThirdMedianMb, limitMb, slopeMbPerMin, kbPerRequest };
}

/** The longest run of samples taken from the same workerd processes (no restart inside). */
export function longestSegment(samples: MemorySample[]): MemorySample[] {
  let best: MemorySample[] = [];
  let cur: MemorySample[] = [];
  for (const x of samples) {
    if (cur.length && cur[0]?.pids !== x.pids) cur = [];
    cur.push(x);
    if (cur.length > best.length) best = cur;
  }
  return best;
}

export function slopePerMinute(
  samples: MemorySample[],
  value: (s: MemorySample) => number = (s) => s.rssMb,
): number {
  const pts = samples.slice(Math.floor(samples.length / 3));
  if (pts.length < 2) return 0;
  const mx = pts.reduce((a, p) => a + p.t, 0) / pts.length;
  const my = pts.reduce((a, p) => a + value(p), 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const p of pts) {
    num += (p.t - mx) * (value(p) - my);
    den += (p.t - mx) ** 2;
  }
  return den ? (num / den) * 60_000 : 0;
}

/** workerd processes started by the wrangler dev whose command line names `marker` (its persist dir). */
export function workerdPids(marker: string): number[] {
  const cmdline = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    } catch {
      return "";
    }
  };
  const ppid = (pid: string) => {
    try {
      return /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? "0";
    } catch {
      return "0";
    }
  };
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    let comm = "";
    try {
      comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    } catch {
      continue;
    }
    if (comm !== "workerd") continue;
    for (let p = ppid(pid), hops = 0; p !== "0" && p !== "1" && hops < 8; p = ppid(p), hops++) {
      if (cmdline(p).includes(marker)) {
        out.push(Number(pid));
        break;
      }
    }
  }
  return out;
}

/**
 * Which of a wrangler dev's workerd processes is its dev proxy: the one whose `entry` socket is bound to
 * the public port (`--socket-addr=entry=127.0.0.1:<port>`); the Workers process binds its entry socket to
 * port 0 and is reached only through the proxy. Pure, on command lines, so it is unit-tested.
 */
export function splitWorkerd(
  processes: { pid: number; cmdline: string }[],
  port: number,
): { workers: number[]; proxy: number[] } {
  const entry = new RegExp(`--socket-addr=entry=[^\\s]*:${port}(\\s|$)`);
  const out = { workers: [] as number[], proxy: [] as number[] };
  for (const p of processes) (entry.test(p.cmdline) ? out.proxy : out.workers).push(p.pid);
  return out;
}

/** The command line of a process ("" once it is gone). */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
  } catch {
    return "";
  }
}

/** Resident memory (MB) of the given processes, from /proc/<pid>/status VmRSS. */
export function rssMb(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

export interface Seeded {
  dealershipId: string;
  key: string;
  staffToken: string;
  vehicleIds: string[];
  hot: boolean;
}

const MAKES: [keyof typeof WMI, string, string][] = [
  ["chevrolet", "Silverado 1500", "truck"],
  ["honda", "Accord", "sedan"],
  ["ford", "F-150", "truck"],
  ["toyota", "RAV4", "suv"],
  ["volkswagen", "Tiguan", "suv"],
];

function vehicle(i: number, dealership: number) {
  const [make, model, bodyStyle] = MAKES[i % MAKES.length]!;
  const year = 2016 + (i % 9);
  return {
    vin: makeVin(year, WMI[make]),
    year,
    make: make[0]!.toUpperCase() + make.slice(1),
    model,
    bodyStyle,
    condition: "used",
    price: { amount: (15_000 + ((i * 7919 + dealership * 131) % 30_000)) * 100, currency: "USD" },
    mileage: 5_000 + ((i * 104_729) % 90_000),
    exteriorColor: ["Black", "White", "Silver", "Blue", "Red"][i % 5],
    drivetrain: i % 3 === 0 ? "awd" : "fwd",
    transmission: "automatic",
    fuelType: i % 7 === 0 ? "hybrid" : "gasoline",
    description: `Load-test vehicle ${i} of dealership ${dealership}: clean history, one owner.`,
    stockNumber: `LD${dealership}-${i}`,
  };
}

const pools = new Map<number, ReturnType<typeof vehicle>[]>();
/** 60 fixed vehicles (fixed VINs) per dealership that the upserts of the run cycle through. */
function upsertPool(d: number) {
  let pool = pools.get(d);
  if (!pool) {
    pool = Array.from({ length: 60 }, (_, i) => ({ ...vehicle(500 + i, d), stockNumber: `UP${d}-${i}` }));
    pools.set(d, pool);
  }
  return pool;
}

async function tokens() {
  const vars = (parse(readFileSync(`${ROOT}/wrangler.toml`, "utf8")) as { vars: Record<string, string> })
    .vars;
  const secret = new TextEncoder().encode(vars.JWT_HS256_SECRET);
  return async (role: string, sub: string, dealerships?: string[]) =>
    new SignJWT({ role, ...(dealerships ? { dealerships } : {}) })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(sub)
      .setIssuer(vars.JWT_ISSUER as string)
      .setAudience(vars.JWT_AUDIENCE as string)
      .setIssuedAt()
      .setExpirationTime("6h")
      .sign(secret);
}

export async function seed(base: string, count: number, perDealership: number): Promise<Seeded[]> {
  const mint = await tokens();
  const admin = await mint("platform_admin", "load-ops");
  const call = async (path: string, token: string, method = "GET", body?: unknown) => {
    const res = await fetch(base + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`seed ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const out: Seeded[] = [];
  for (let d = 0; d <= count; d++) {
    const hot = d === count;
    const dealership = await call("/v1/dealerships", admin, "POST", {
      name: `Load Motors ${d} ${Date.now().toString(36)}`,
      websiteUrl: `https://load-${d}.example.com/`,
      scrapeSchedule: { enabled: false, cron: "0 3 * * *" },
      rateLimits: hot
        ? { public: { limit: 30, windowSeconds: 60 }, staff: { limit: 100_000, windowSeconds: 60 } }
        : { public: { limit: 100_000, windowSeconds: 60 }, staff: { limit: 100_000, windowSeconds: 60 } },
    });
    const dealerAdmin = await mint("dealer_admin", `load-admin-${d}`, [dealership.id]);
    const key = await call(`/v1/dealerships/${dealership.id}/api-keys`, dealerAdmin, "POST", {
      name: "site",
    });
    const staffToken = await mint("dealer_staff", `load-staff-${d}`, [dealership.id]);
    const vehicleIds: string[] = [];
    for (let i = 0; i < perDealership; i += 5) {
      const created = await Promise.all(
        Array.from({ length: Math.min(5, perDealership - i) }, (_, j) =>
          call(`/v1/dealerships/${dealership.id}/vehicles`, staffToken, "POST", vehicle(i + j, d)),
        ),
      );
      vehicleIds.push(...created.map((v) => (v.vehicle ?? v).id as string));
    }
    out.push({
      dealershipId: dealership.id,
      key: key.key ?? key.secret ?? key.token,
      staffToken,
      vehicleIds,
      hot,
    });
  }
  return out;
}

export type Kind = "search" | "detail" | "semantic" | "upsert" | "update";
export interface Template {
  kind: Kind;
  dealership: number;
  method: "GET" | "POST" | "PATCH";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const QUERIES = [
  "family suv under 30000",
  "hybrid sedan",
  "awd truck low miles",
  "white toyota",
  "cheap car",
];

/** A fixed, interleaved request mix (autocannon cycles through it on every connection). */
export function mix(
  seeded: Seeded[],
  writeShare: number,
  writeKinds: ("update" | "upsert")[] = ["update", "upsert"],
): Template[] {
  const out: Template[] = [];
  const per = 20;
  for (const [d, s] of seeded.entries()) {
    const pub = { "X-Api-Key": s.key };
    const staff = { Authorization: `Bearer ${s.staffToken}`, "Content-Type": "application/json" };
    const writes = s.hot ? 0 : Math.round(per * writeShare);
    for (let i = 0; i < per; i++) {
      const v = s.vehicleIds[i % s.vehicleIds.length]!;
      if (i < writes) {
        if (writeKinds[i % writeKinds.length] === "update") {
          out.push({
            kind: "update",
            dealership: d,
            method: "PATCH",
            path: `/v1/dealerships/${s.dealershipId}/vehicles/${v}`,
            headers: staff,
            body: JSON.stringify({ price: { amount: (20_000 + i * 37 + d) * 100, currency: "USD" } }),
          });
        } else {
          out.push({
            kind: "upsert",
            dealership: d,
            method: "POST",
            path: `/v1/dealerships/${s.dealershipId}/vehicles`,
            headers: staff,
            body: JSON.stringify(upsertPool(d)[0]),
          });
        }
        continue;
      }
      const r = i % 3;
      if (r === 0)
        out.push({
          kind: "search",
          dealership: d,
          method: "GET",
          path: `/v1/public/vehicles?limit=20${i % 2 ? "&bodyStyle=suv" : "&sort=price_asc"}`,
          headers: pub,
        });
      else if (r === 1)
        out.push({
          kind: "detail",
          dealership: d,
          method: "GET",
          path: `/v1/public/vehicles/${v}`,
          headers: pub,
        });
      else
        out.push({
          kind: "semantic",
          dealership: d,
          method: "GET",
          path: `/v1/public/search?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}&limit=10`,
          headers: pub,
        });
    }
  }
  // Interleave dealerships so every connection spreads its requests across all of them.
  const byDealer = seeded.map((_, d) => out.slice(d * per, (d + 1) * per));
  const interleaved: Template[] = [];
  for (let i = 0; i < per; i++) for (const list of byDealer) if (list[i]) interleaved.push(list[i]!);
  return interleaved;
}

/**
 * The body of the n-th staff write of a template, with a price that moves on every send: the API skips a
 * write that changes nothing (no rescore, no embed message), so a fixed body would stop exercising the
 * write path after its first send. Upserts walk the dealership's bounded 60-VIN pool (the first pass
 * creates vehicles, later ones update them, so the vehicle count stops growing after warm-up; price
 * history grows by one row per write).
 */
export function writeBody(t: Template, n: number): string | undefined {
  if (t.kind === "upsert") {
    const pool = upsertPool(t.dealership);
    const price = { amount: (18_000 + (n % 97) * 50) * 100, currency: "USD" };
    return JSON.stringify({ ...pool[n % pool.length], price });
  }
  if (t.kind === "update")
    return JSON.stringify({
      price: { amount: (20_000 + (n % 89) * 25 + t.dealership) * 100, currency: "USD" },
    });
  return t.body;
}

/** autocannon's request for a template: writes get a fresh body (writeBody) on every send. */
export function cannonRequest(t: Template, nextWrite: () => number) {
  return {
    method: t.method,
    path: t.path,
    headers: t.headers,
    body: t.body,
    ...(t.kind === "upsert" || t.kind === "update"
      ? { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: writeBody(t, nextWrite()) }) }
      : {}),
  };
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const log = opts.log ?? (() => {});
  const dealerships = opts.dealerships ?? 5;
  const connections = opts.connections ?? 8;
  let api: LocalApi | null = null;
  try {
    log("starting wrangler dev (API + scraper + embedder) ...");
    api = await startLocalApi({
      name: opts.name ?? "load-soak",
      scraperAllowHosts: [],
      embedder: true,
      port: opts.port,
      inspectorPort: opts.inspectorPort,
      ...(opts.vars ? { vars: opts.vars } : {}),
      // Other engineers' wrangler devs on the same machine must not reload this stack mid-run.
      privateRegistry: true,
    });
    const marker = api.persistDir;
    const port = Number(new URL(api.url).port);
    const processes = () =>
      splitWorkerd(
        workerdPids(marker).map((pid) => ({ pid, cmdline: commandLine(pid) })),
        port,
      );
    const pids = workerdPids(marker);
    if (processes().workers.length === 0) throw new Error("no workerd process found for the load stack");
    const seeding = Date.now();
    log(`stack up at ${api.url}; workerd pids ${pids.join(",")}; seeding ${dealerships}+1 dealerships`);
    const seeded = await seed(api.url, dealerships, opts.vehiclesPerDealership ?? 12);
    log(`seeded in ${Date.now() - seeding} ms`);
    // Verify every kind of request once before the clock starts (a broken route must fail loudly here).
    const templates = mix(seeded, opts.writeShare ?? 0.15, opts.writeKinds);
    for (const kind of ["search", "detail", "semantic", "update", "upsert"] as Kind[]) {
      const t = templates.find(
        (x) => x.kind === kind && !seeded.find((s) => s.hot && x.headers["X-Api-Key"] === s.key),
      );
      if (!t) continue;
      const res = await fetch(api.url + t.path, { method: t.method, headers: t.headers, body: t.body });
      const text = await res.text();
      if (res.status >= 300)
        throw new Error(`${kind} ${t.method} ${t.path}: ${res.status} ${text.slice(0, 300)}`);
    }

    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    const byKind = new Map<Kind, number[]>();
    let writes = 0;
    // autocannon calls a request's onResponse and then emits "response" (with the latency) synchronously
    // for the same response, so `last` names the kind of the response being timed.
    let last: Kind = "search";
    const url = api.url;
    const cannon = (limit: { duration: number } | { amount: number }) =>
      autocannon({
        url,
        connections,
        ...limit,
        timeout: 30,
        requests: templates.map((t) => ({
          ...cannonRequest(t, () => writes++),
          onResponse: (status: number) => {
            statuses[status] = (statuses[status] ?? 0) + 1;
            last = t.kind;
          },
        })) as never,
      });

    // Warm-up: the same mix for a fixed number of requests, not timed and not judged for memory (its
    // statuses and errors still count). The Workers' workerd ramps while isolates, caches and storage warm
    // and then levels off (BENCHMARKS.md, "Soak results"); the judged window starts after it.
    const warmupRequests =
      opts.warmupRequests ??
      Number(
        process.env.LOAD_SOAK_WARMUP_REQUESTS ??
          (memoryJudged(opts.seconds) ? JUDGED_WARMUP_REQUESTS : SHORT_WARMUP_REQUESTS),
      );
    const warmStart = Date.now();
    const before = processes();
    const warmup = {
      requests: warmupRequests,
      seconds: 0,
      rssBeforeMb: rssMb(before.workers),
      rssAfterMb: 0,
      proxyRssBeforeMb: rssMb(before.proxy),
      proxyRssAfterMb: 0,
    };
    let warmErrors = 0;
    let warmTimeouts = 0;
    if (warmupRequests > 0) {
      log(`warm-up: ${warmupRequests} requests of the same mix (not judged)`);
      const w = await cannon({ amount: warmupRequests });
      warmErrors = w.errors - w.timeouts;
      warmTimeouts = w.timeouts;
    }
    const after = processes();
    warmup.seconds = (Date.now() - warmStart) / 1000;
    warmup.rssAfterMb = rssMb(after.workers);
    warmup.proxyRssAfterMb = rssMb(after.proxy);
    if (warmupRequests > 0)
      log(
        `warm-up done in ${warmup.seconds.toFixed(0)} s; Workers' workerd ${warmup.rssBeforeMb.toFixed(0)} -> ${warmup.rssAfterMb.toFixed(0)} MB`,
      );

    const samples: MemorySample[] = [];
    const started = Date.now();
    // The processes are looked up again at every sample: wrangler dev restarts workerd when a watched
    // source file changes (other work in the same checkout), and a restart must be seen, not hidden.
    const sample = () => {
      const { workers, proxy } = processes();
      const now = [...workers, ...proxy].sort((a, b) => a - b);
      samples.push({
        t: Date.now() - started,
        rssMb: rssMb(workers),
        proxyRssMb: rssMb(proxy),
        pids: now.join(","),
      });
    };
    sample();
    const timer = setInterval(sample, 1000);
    const instance = cannon({ duration: opts.seconds });
    // Per-response latency, kept exactly (autocannon's own summary has no p95).
    (instance as unknown as import("node:events").EventEmitter).on(
      "response",
      (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
        latencies.push(responseTime);
        if (!byKind.has(last)) byKind.set(last, []);
        byKind.get(last)?.push(responseTime);
      },
    );
    const result = await instance;
    clearInterval(timer);
    sample();

    const sorted = [...latencies].sort((a, b) => a - b);
    const rateLimited = statuses["429"] ?? 0;
    const serverErrors = Object.entries(statuses)
      .filter(([s]) => Number(s) >= 500)
      .reduce((a, [, n]) => a + n, 0);
    const otherErrors = Object.entries(statuses)
      .filter(([s]) => (Number(s) < 200 || Number(s) >= 300) && s !== "429")
      .reduce((a, [, n]) => a + n, 0);
    const segment = longestSegment(samples);
    const restarts = samples.filter((x, i) => i > 0 && x.pids !== samples[i - 1]?.pids).length;
    if (restarts) log(`workerd restarted ${restarts} time(s); memory judged on ${segment.length} samples`);
    const total = latencies.length;
    const requestsPerSecond = total / ((result.duration as number) || opts.seconds);
    const verdict = memoryVerdict(segment, { requestsPerSecond });
    const rss = samples.map((s) => s.rssMb);
    return {
      seconds: opts.seconds,
      connections,
      dealerships: seeded.length,
      requests: total,
      requestsPerSecond,
      latencyMs: {
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: round1(sorted.at(-1) ?? 0),
      },
      byKind: Object.fromEntries(
        [...byKind].map(([k, xs]) => {
          const s = [...xs].sort((a, b) => a - b);
          return [
            k,
            { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) },
          ];
        }),
      ),
      statuses,
      rateLimited,
      serverErrors,
      otherErrors,
      connectionErrors: result.errors - result.timeouts + warmErrors,
      timeouts: result.timeouts + warmTimeouts,
      warmup,
      memory: {
        samples,
        firstMb: rss[0] ?? 0,
        lastMb: rss.at(-1) ?? 0,
        maxMb: Math.max(...rss),
        restarts,
        proxy: {
          firstMb: segment[0]?.proxyRssMb ?? 0,
          lastMb: segment.at(-1)?.proxyRssMb ?? 0,
          slopeMbPerMin: slopePerMinute(segment, (s) => s.proxyRssMb ?? 0),
        },
        segmentSamples: segment.length,
        slopeMbPerMin: verdict.slopeMbPerMin,
        kbPerRequest: verdict.kbPerRequest ?? 0,
        ok: verdict.ok,
        secondThirdMedianMb: verdict.secondThirdMedianMb,
        lastThirdMedianMb: verdict.lastThirdMedianMb,
      },
    };
  } finally {
    await api?.stop();
  }
}

/** One line per figure, for logs and BENCHMARKS.md. */
export function formatReport(r: SoakReport): string {
  const m = r.memory;
  const kinds = Object.entries(r.byKind)
    .map(([k, v]) => `${k} ${v.count} req p50 ${v.p50} / p95 ${v.p95} / p99 ${v.p99} ms`)
    .join("; ");
  const w = r.warmup;
  return [
    `warm-up ${w.requests} requests in ${w.seconds.toFixed(0)} s: Workers' workerd ${w.rssBeforeMb.toFixed(0)} -> ${w.rssAfterMb.toFixed(0)} MB, proxy ${w.proxyRssBeforeMb.toFixed(0)} -> ${w.proxyRssAfterMb.toFixed(0)} MB (not judged)`,
    `${r.seconds} s, ${r.connections} connections, ${r.dealerships} dealerships: ${r.requests} requests, ${r.requestsPerSecond.toFixed(1)} req/s`,
    `latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms`,
    `by kind: ${kinds}`,
    `statuses ${JSON.stringify(r.statuses)}; 429 ${r.rateLimited}; 5xx ${r.serverErrors}; other errors ${r.otherErrors}; connection errors ${r.connectionErrors}; timeouts ${r.timeouts}`,
    `Workers' workerd RSS first ${m.firstMb.toFixed(0)} MB, last ${m.lastMb.toFixed(0)} MB, max ${m.maxMb.toFixed(0)} MB; median 2nd third ${m.secondThirdMedianMb.toFixed(0)} MB, last third ${m.lastThirdMedianMb.toFixed(0)} MB (ratio ${(m.lastThirdMedianMb / (m.secondThirdMedianMb || 1)).toFixed(3)}); slope after its first third ${m.slopeMbPerMin.toFixed(2)} MB/min = ${m.kbPerRequest.toFixed(2)} KB/request (limit ${MEMORY_MAX_KB_PER_REQUEST}); memory rule ${memoryJudged(r.seconds) ? (m.ok ? "PASS" : "FAIL") : `not judged (< ${MEMORY_JUDGED_FROM_SECONDS} s)`}; workerd restarts ${m.restarts} (judged on ${m.segmentSamples} samples)`,
    `wrangler dev proxy workerd RSS (not judged) first ${m.proxy.firstMb.toFixed(0)} MB, last ${m.proxy.lastMb.toFixed(0)} MB, slope ${m.proxy.slopeMbPerMin.toFixed(2)} MB/min`,
  ].join("\n");
}
