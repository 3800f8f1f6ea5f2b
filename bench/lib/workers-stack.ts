// The local API + scraper Workers stack of the scraping and scale suites (scrape-e2e, scrape-day, d1-rows):
// ONE `wrangler dev -c <api config> -c <scraper config>` as `npm start` runs them, on bench ports, with its
// own persistence directory; CPU of its processes from /proc; JSON calls to the API; job polling.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "smol-toml";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { LOG_DIR, ROOT, WRANGLER } from "./paths";

const CLK_TCK = 100; // Linux USER_HZ

/** CPU ms (utime + stime) of one process from /proc; 0 once it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[11] = utime, fields[12] = stime (after pid and comm)
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Descendant processes of `root` by name (workerd is started by wrangler's Node process). */
export function descendants(root: number): { pid: number; comm: string }[] {
  const children = new Map<number, number[]>();
  const comm = new Map<number, string>();
  for (const e of readdirSync("/proc")
    .filter((x) => /^\d+$/.test(x))
    .map(Number)) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      comm.set(e, name);
      children.set(ppid, [...(children.get(ppid) ?? []), e]);
    } catch {}
  }
  const out: { pid: number; comm: string }[] = [];
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    for (const c of children.get(p) ?? []) {
      out.push({ pid: c, comm: comm.get(c) ?? "" });
      stack.push(c);
    }
  }
  return out;
}

/**
 * The scraper's wrangler config with bench vars, written beside the bench state (paths made absolute).
 * `main` replaces the entry (a bench wrapper around the real Worker, e.g. bench/worker/metered-scraper.ts).
 */
export function scraperConfig(
  dir: string,
  vars: Record<string, string>,
  opts: { main?: string; scrapeBatchSize?: number } = {},
): string {
  const source = path.join(ROOT, "workers/scraper/wrangler.toml");
  const cfg = parse(readFileSync(source, "utf8")) as Record<string, any>;
  cfg.main = opts.main ?? path.join(ROOT, "workers/scraper", cfg.main);
  if (opts.scrapeBatchSize !== undefined) {
    // The local queue broker (miniflare) delivers ONE batch of a queue at a time and waits for it, where
    // Queues runs up to max_concurrency invocations at once; a larger local batch stands in for them.
    const consumer = (cfg.queues?.consumers ?? []).find((c: { queue: string }) => c.queue === "scrape-jobs");
    if (!consumer) throw new Error("the scraper config has no scrape-jobs consumer");
    consumer.max_batch_size = opts.scrapeBatchSize;
  }
  for (const d of cfg.d1_databases ?? [])
    if (d.migrations_dir) d.migrations_dir = path.join(ROOT, "workers/scraper", d.migrations_dir);
  cfg.vars = { ...cfg.vars, ...vars };
  delete cfg.env;
  const file = path.join(dir, "scraper.wrangler.toml");
  writeFileSync(file, stringify(cfg));
  return file;
}

/**
 * The API's wrangler.toml written beside the bench state (paths absolute), with bench vars and optionally
 * another entry (a bench wrapper around the real API Worker, e.g. bench/worker/metered-api.ts).
 */
export function apiConfig(dir: string, opts: { main?: string; vars?: Record<string, string> }): string {
  const cfg = parse(readFileSync(path.join(ROOT, "wrangler.toml"), "utf8")) as Record<string, any>;
  cfg.main = opts.main ?? path.resolve(ROOT, cfg.main);
  cfg.vars = { ...cfg.vars, ...opts.vars };
  for (const d of cfg.d1_databases ?? [])
    if (d.migrations_dir) d.migrations_dir = path.resolve(ROOT, d.migrations_dir);
  delete cfg.env;
  const file = path.join(dir, "api.wrangler.toml");
  writeFileSync(file, stringify(cfg));
  return file;
}

/**
 * `registry`: a private wrangler dev registry for the stack. With the shared default (~/.config/.wrangler/
 * registry), a binding to another Worker by name (the scraper's `script_name = "forecourt-api"` Durable
 * Objects) can resolve to ANOTHER engineer's `wrangler dev` of the same Worker names on this machine; runs
 * then lost queue progress or saw "Your worker restarted mid-request" when those processes restarted.
 */
const wranglerEnv = (registry?: string) => ({
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  ...(registry ? { WRANGLER_REGISTRY_PATH: registry } : {}),
});

/**
 * Bundles a Worker config once (`wrangler deploy --dry-run`, as for a deploy) and writes a copy that serves
 * the bundle with `no_bundle`: edits to the source tree by others during a run cannot hot-reload the Workers
 * (a reload drops the local queue's in-flight messages and strands jobs).
 */
export function snapshotConfig(dir: string, name: string, source: string): string {
  const out = path.join(dir, "dist", name);
  const r = spawnSync(WRANGLER, ["deploy", "--dry-run", "--outdir", out, "-c", source], {
    cwd: ROOT,
    encoding: "utf8",
    env: wranglerEnv(),
  });
  if (r.status !== 0) throw new Error(`bundling ${source} failed:\n${r.stdout}\n${r.stderr}`);
  const cfg = parse(readFileSync(source, "utf8")) as Record<string, any>;
  const base = path.dirname(path.resolve(ROOT, source));
  for (const d of cfg.d1_databases ?? [])
    if (d.migrations_dir) d.migrations_dir = path.resolve(base, d.migrations_dir);
  // The bundle is named after the entry (index.js, or e.g. metered-scraper.js for a bench wrapper).
  const bundle = readdirSync(out).find((f) => f.endsWith(".js"));
  if (!bundle) throw new Error(`bundling ${source} wrote no .js file into ${out}`);
  cfg.main = path.join(out, bundle);
  cfg.no_bundle = true;
  delete cfg.env;
  delete cfg.build;
  const file = path.join(dir, `${name}.run.toml`);
  writeFileSync(file, stringify(cfg));
  return file;
}

export async function waitFor(url: string, timeoutMs: number, alive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("wrangler dev exited");
    try {
      const r = await fetch(url);
      await r.arrayBuffer();
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export interface StackCpu {
  /** CPU ms of the workerd process(es) (API + scraper Workers, D1/SQLite, Queues, Durable Objects). */
  workerd: number;
  /** CPU ms of wrangler's Node process(es) (dev proxy, local queue broker glue, logging). */
  wrangler: number;
  /** CPU ms of this harness process (demo sites serving the pages + polling). */
  harness: number;
}

export interface WorkersStack {
  url: string;
  /** wrangler's pid (its process group is the stack). */
  pid: number;
  logFile: string;
  workerdPids: number[];
  cpu(): StackCpu;
  /**
   * A JSON call to the API with a bearer token; a non-2xx answer throws with its status and body, and so
   * does no answer within `timeoutMs` (default 120 s: a request that hangs in the dev proxy under load
   * would otherwise hold the run for undici's 300 s).
   */
  call(method: string, p: string, token: string, body?: unknown, timeoutMs?: number): Promise<any>;
  /** SIGINT to wrangler's process group, SIGKILL after 5 s. */
  stop(): Promise<void>;
}

/**
 * Applies the D1 migrations into `state`, starts `wrangler dev -c <configs...>` on 127.0.0.1:`port` (log in
 * LOG_DIR/`logName`-`port`.log) and waits (120 s) for the API's /v1/health. The process group is killed when
 * this process exits, whatever the way.
 */
export async function startWorkersStack(opts: {
  state: string;
  configs: string[];
  port: number;
  inspectorPort: number;
  logName: string;
  /** `--test-scheduled`: the API's scheduled handler at /cdn-cgi/handler/scheduled. */
  testScheduled?: boolean;
}): Promise<WorkersStack> {
  mkdirSync(LOG_DIR, { recursive: true });
  const registry = path.join(path.dirname(opts.state), "registry");
  mkdirSync(registry, { recursive: true });
  const env = wranglerEnv(registry);
  const migrate = spawnSync(
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", opts.state, "-c", "wrangler.toml"],
    { cwd: ROOT, encoding: "utf8", env },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const logFile = path.join(LOG_DIR, `${opts.logName}-${opts.port}.log`);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      ...opts.configs.flatMap((c) => ["-c", c]),
      "--ip",
      "127.0.0.1",
      "--port",
      String(opts.port),
      "--inspector-port",
      String(opts.inspectorPort),
      "--persist-to",
      opts.state,
      ...(opts.testScheduled ? ["--test-scheduled"] : []),
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
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {}
    const t = setTimeout(kill, 5000);
    await exited;
    clearTimeout(t);
  };
  const url = `http://127.0.0.1:${opts.port}`;
  try {
    await waitFor(`${url}/v1/health`, 120_000, () => child.exitCode === null);
  } catch (err) {
    await stop();
    throw err;
  }
  const procs = descendants(child.pid!);
  const workerdPids = procs.filter((p) => p.comm.startsWith("workerd")).map((p) => p.pid);
  const wrangler = [child.pid!, ...procs.filter((p) => p.comm.startsWith("node")).map((p) => p.pid)];
  return {
    url,
    pid: child.pid!,
    logFile,
    workerdPids,
    cpu: () => ({
      workerd: workerdPids.reduce((s, p) => s + cpuMsOf(p), 0),
      wrangler: wrangler.reduce((s, p) => s + cpuMsOf(p), 0),
      harness: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    }),
    call: async (method, p, token, body, timeoutMs = 120_000) => {
      // A 429 (e.g. 2,000 dealerships created with one token, over its 1,200/min limit) is waited out as
      // its Retry-After says, like a well-behaved client; anything else that is not 2xx fails the call.
      for (let attempt = 1; ; attempt++) {
        const r = await fetch(`${url}${p}`, {
          method,
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await r.text();
        if (r.status === 429 && attempt < 120) {
          const wait = Math.min(60, Math.max(1, Number(r.headers.get("retry-after")) || 1));
          await new Promise((res) => setTimeout(res, wait * 1000));
          continue;
        }
        if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
        return JSON.parse(text);
      }
    },
    stop,
  };
}

/** A platform-admin dev token (every bench stack's operator). */
export const platformToken = () => mintDevToken({ role: "platform_admin", subject: "bench" });

export const TERMINAL_JOB_STATUSES = ["succeeded", "needs_review", "failed", "dead"];

/**
 * Polls GET /v1/jobs/{id} every `intervalMs` until the job is terminal (throws after 30 minutes).
 * `retryFailedPolls`: a poll that fails (a connection reset under load, or no answer within 15 s) is retried
 * at the next tick instead of ending the run. `onPoll` sees every job state polled.
 */
export async function pollJob(
  stack: WorkersStack,
  job: any,
  token: string,
  opts: { intervalMs: number; retryFailedPolls: boolean; onPoll?: (job: any) => void },
): Promise<any> {
  const t0 = performance.now();
  while (!TERMINAL_JOB_STATUSES.includes(job.status)) {
    await new Promise((r) => setTimeout(r, opts.intervalMs));
    const poll = stack.call("GET", `/v1/jobs/${job.id}`, token, undefined, 15_000);
    job = opts.retryFailedPolls ? await poll.catch(() => job) : await poll;
    opts.onPoll?.(job);
    if (performance.now() - t0 > 30 * 60_000) throw new Error("the scrape took over 30 minutes");
  }
  return job;
}
