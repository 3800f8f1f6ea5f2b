// End-to-end scrape of a demo dealer site through the real Worker path: POST /v1/dealerships/{id}/scrapes on
// the API Worker → scrape-jobs queue → scraper Worker (discover → fetch-batch fan-out → reconcile) → local D1,
// under ONE `wrangler dev -c wrangler.toml -c <scraper config>` exactly as `npm start` runs them, with the
// politeness delay set to 0. Measures wall time (POST → terminal job state), pages/s, vehicles/s, and CPU per
// vehicle from /proc (utime + stime) of the workerd process(es) and of wrangler's Node process.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse, stringify } from "smol-toml";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { startDemoSite } from "../../web/demo-site/src/index";
import { log } from "../lib/http";
import { BENCH_DIR, LOG_DIR, ROOT, WRANGLER } from "../lib/paths";

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

const CLK_TCK = 100; // Linux USER_HZ

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
  for (const e of readdirProc()) {
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

function readdirProc(): number[] {
  return spawnSync("ls", ["/proc"], { encoding: "utf8" })
    .stdout.split("\n")
    .filter((x) => /^\d+$/.test(x))
    .map(Number);
}

/** The scraper's wrangler config with bench vars, written beside the bench state (paths made absolute). */
export function scraperConfig(dir: string, vars: Record<string, string>): string {
  const source = path.join(ROOT, "workers/scraper/wrangler.toml");
  const cfg = parse(readFileSync(source, "utf8")) as Record<string, any>;
  cfg.main = path.join(ROOT, "workers/scraper", cfg.main);
  for (const d of cfg.d1_databases ?? [])
    if (d.migrations_dir) d.migrations_dir = path.join(ROOT, "workers/scraper", d.migrations_dir);
  cfg.vars = { ...cfg.vars, ...vars };
  delete cfg.env;
  const file = path.join(dir, "scraper.wrangler.toml");
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

export async function runScrapeE2eSuite(opts: { vehicles: number; style: string }): Promise<ScrapeE2eResult> {
  const dir = path.join(BENCH_DIR, "e2e");
  const state = path.join(dir, "state");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(state, { recursive: true });
  mkdirSync(LOG_DIR, { recursive: true });
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
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const migrate = spawnSync(
    WRANGLER,
    ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "-c", "wrangler.toml"],
    { cwd: ROOT, encoding: "utf8", env },
  );
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}\n${migrate.stderr}`);

  const logFile = path.join(LOG_DIR, `scrape-e2e-${E2E_PORTS.api}.log`);
  const out = createWriteStream(logFile);
  const child: ChildProcess = spawn(
    WRANGLER,
    [
      "dev",
      "-c",
      "wrangler.toml",
      "-c",
      scraperToml,
      "--ip",
      "127.0.0.1",
      "--port",
      String(E2E_PORTS.api),
      "--inspector-port",
      String(E2E_PORTS.inspector),
      "--persist-to",
      state,
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
  const api = `http://127.0.0.1:${E2E_PORTS.api}`;
  try {
    await waitFor(`${api}/v1/health`, 120_000, () => child.exitCode === null);
    const procs = descendants(child.pid!);
    const workerd = procs.filter((p) => p.comm.startsWith("workerd")).map((p) => p.pid);
    const wrangler = [child.pid!, ...procs.filter((p) => p.comm.startsWith("node")).map((p) => p.pid)];
    if (workerd.length === 0) notes.push("no workerd process found under wrangler: CPU not measured");
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
      let job: any = started.job;
      while (!["succeeded", "needs_review", "failed", "dead"].includes(job.status)) {
        await new Promise((r) => setTimeout(r, 250));
        job = await call("GET", `/v1/jobs/${job.id}`, platform);
        if (performance.now() - t0 > 30 * 60_000) throw new Error("the scrape took over 30 minutes");
      }
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
