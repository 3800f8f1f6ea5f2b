// V8 CPU profiles of the isolates inside a local workerd (wrangler dev), through workerd's own inspector
// (one target per service: core:user:<worker>, d1:db, queues:queue:<name>, ...), and their analysis:
// busy time per isolate, per time window (e.g. one queue message), and self time per bundled source module
// (esbuild's `// path` module markers in the bundle map a line to its source file).
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { descendants } from "./workers-stack";

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The inspector address of the workerd that runs the user Workers (a child of wrangler; not its proxy). */
export async function findWorkerdInspector(wranglerPid: number, mustList: string): Promise<string> {
  const pids = descendants(wranglerPid)
    .filter((p) => p.comm.startsWith("workerd"))
    .map((p) => p.pid);
  const { spawnSync } = await import("node:child_process");
  // Its listening sockets, lowest fd first: the inspector is opened before the service sockets, and an
  // HTTP probe of workerd's internal Cap'n Proto socket only logs an error there.
  const ss = spawnSync("ss", ["-ltnpH"], { encoding: "utf8" }).stdout;
  const candidates = ss
    .split("\n")
    .map((line) => ({
      pid: Number(/pid=(\d+)/.exec(line)?.[1]),
      fd: Number(/fd=(\d+)/.exec(line)?.[1]),
      addr: /127\.0\.0\.1:(\d+)/.exec(line)?.[1],
    }))
    .filter((c) => pids.includes(c.pid) && c.addr)
    .sort((a, b) => a.fd - b.fd);
  for (const { addr } of candidates) {
    try {
      const r = await fetch(`http://127.0.0.1:${addr}/json`, { signal: AbortSignal.timeout(2000) });
      const list = (await r.json()) as { id: string }[];
      if (Array.isArray(list) && list.some((t) => t.id === mustList)) return `127.0.0.1:${addr}`;
    } catch {}
  }
  throw new Error(`no workerd inspector listing ${mustList} under wrangler pid ${wranglerPid}`);
}

/** One inspector session per target; `start` then `stop` returns each target's profile. */
export class Profilers {
  private sockets = new Map<string, WebSocket>();
  private nextId = 1;
  private pending = new Map<number, (r: any) => void>();

  static async open(inspector: string, targets: string[]): Promise<Profilers> {
    const p = new Profilers();
    for (const t of targets) {
      // workerd sometimes drops a fresh inspector connection right after the upgrade (close 1006): a
      // connection counts once it is still open 300 ms later.
      let ws: WebSocket | null = null;
      for (let attempt = 0; attempt < 10 && !ws; attempt++) {
        const c = new WebSocket(`ws://${inspector}/${t}`);
        await new Promise<void>((res, rej) => {
          c.once("open", () => res());
          c.once("error", rej);
        });
        await new Promise((r) => setTimeout(r, 300));
        if (c.readyState === WebSocket.OPEN) ws = c;
        else c.terminate();
      }
      if (!ws) throw new Error(`the inspector of ${t} kept closing the connection`);
      ws.on("message", (data) => {
        const msg = JSON.parse(String(data));
        if (msg.id !== undefined) {
          p.pending.get(msg.id)?.(msg);
          p.pending.delete(msg.id);
        }
      });
      p.sockets.set(t, ws);
    }
    return p;
  }

  private send(target: string, method: string, params: Record<string, unknown> = {}): Promise<any> {
    const ws = this.sockets.get(target)!;
    const id = this.nextId++;
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${target} ${method}: no answer`)), 60_000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) rej(new Error(`${target} ${method}: ${JSON.stringify(m.error)}`));
        else res(m.result);
      });
      ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(intervalUs: number) {
    for (const t of this.sockets.keys()) {
      await this.send(t, "Profiler.enable");
      await this.send(t, "Profiler.setSamplingInterval", { interval: intervalUs });
    }
    await Promise.all([...this.sockets.keys()].map((t) => this.send(t, "Profiler.start")));
  }

  async stop(): Promise<Record<string, CpuProfile>> {
    const out: Record<string, CpuProfile> = {};
    await Promise.all(
      [...this.sockets.keys()].map(async (t) => {
        out[t] = (await this.send(t, "Profiler.stop")).profile;
      }),
    );
    return out;
  }

  close() {
    for (const ws of this.sockets.values()) ws.close();
  }
}

const IDLE = new Set(["(idle)", "(program)"]);

/**
 * A sample: the leaf node, when it was taken (µs on the profile's clock) and the time it stands for: the gap
 * to the next sample, capped at `capUs` (workerd samples an isolate only while it runs, so a long gap is the
 * isolate being idle, not busy in this frame).
 */
export function samplesOf(p: CpuProfile, capUs: number): { node: number; at: number; dur: number }[] {
  const out: { node: number; at: number; dur: number }[] = [];
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    const next = p.timeDeltas[i + 1] ?? capUs;
    out.push({ node: p.samples[i]!, at: t, dur: Math.min(next, capUs) });
  }
  return out;
}

/** Maps a line of a bundled script to the source module it came from (esbuild `// path` markers). */
export class BundleModules {
  private starts: { line: number; module: string }[] = [];
  /** The script URL the isolate reports for the bundle (its file name). */
  readonly url: string;
  constructor(bundleFile: string) {
    this.url = bundleFile.slice(bundleFile.lastIndexOf("/") + 1);
    const lines = readFileSync(bundleFile, "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const m = /^\/\/ ((?:\.\.\/)*[\w@.+-][^ ]*\.(?:[cm]?[jt]s|json))$/.exec(lines[i]!);
      if (m) this.starts.push({ line: i, module: m[1]!.replace(/^(\.\.\/)+/, "") });
    }
  }
  moduleAt(line: number): string {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]!.line <= line) {
        found = this.starts[mid]!.module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** A module path folded to what owns it: packages/<name>, workers/<name>, a node_modules package, … */
export function ownerOf(module: string): string {
  const nm = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(module);
  if (nm) return `npm:${nm[1]}`;
  const ws = /^(packages|workers|web|bench)\/([^/]+)/.exec(module);
  if (ws) return `${ws[1]}/${ws[2]}`;
  return module;
}

export interface ProfileSummary {
  /** Sampled busy ms (every sample but idle/program). */
  busyMs: number;
  gcMs: number;
  byWindow: Record<string, number>;
  /** Self ms per owner (packages/x, npm:y, native/builtin, ...). */
  byOwner: Record<string, number>;
  /** Self ms per function (top ones). */
  topFunctions: { name: string; ms: number }[];
}

/**
 * Summarises one isolate's profile. `windowOf(atMs)` names the time window of a sample (epoch ms; the profile
 * clock is mapped with `clockOffsetMs` = epoch ms − profile µs / 1000). `modules` maps bundle lines to
 * sources when the isolate runs a bundle.
 */
export function summarise(
  p: CpuProfile,
  opts: {
    clockOffsetMs: number;
    windowOf: (atMs: number) => string;
    modules?: BundleModules;
    /** The sampling interval: a sample stands for at most twice that. */
    intervalUs: number;
  },
): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const byWindow: Record<string, number> = {};
  const byOwner: Record<string, number> = {};
  const byFn: Record<string, number> = {};
  let busyUs = 0;
  let gcUs = 0;
  for (const s of samplesOf(p, 2 * opts.intervalUs)) {
    const node = byId.get(s.node);
    if (!node) continue;
    const fn = node.callFrame.functionName;
    if (IDLE.has(fn)) continue;
    busyUs += s.dur;
    if (fn === "(garbage collector)") gcUs += s.dur;
    const w = opts.windowOf(s.at / 1000 + opts.clockOffsetMs);
    byWindow[w] = (byWindow[w] ?? 0) + s.dur / 1000;
    const url = node.callFrame.url;
    let owner: string;
    if (fn.startsWith("(")) owner = fn;
    else if (!url) owner = "(native / builtin)";
    else if (opts.modules && url === opts.modules.url)
      owner = ownerOf(opts.modules.moduleAt(node.callFrame.lineNumber));
    // workerd's built-in modules: cloudflare-internal:d1-api is the D1 client inside this isolate.
    else owner = url;
    byOwner[owner] = (byOwner[owner] ?? 0) + s.dur / 1000;
    const where =
      opts.modules && url === opts.modules.url
        ? opts.modules.moduleAt(node.callFrame.lineNumber)
        : `${url}:${node.callFrame.lineNumber + 1}`;
    const key = `${fn || "(anonymous)"} (${where})`;
    byFn[key] = (byFn[key] ?? 0) + s.dur / 1000;
  }
  return {
    busyMs: busyUs / 1000,
    gcMs: gcUs / 1000,
    byWindow,
    byOwner,
    topFunctions: Object.entries(byFn)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([name, ms]) => ({ name, ms })),
  };
}

/**
 * The offset (epoch ms − profile clock ms) that puts the most of `p`'s busy samples inside `windows`, searched
 * in 5 ms steps between `fromMs` and `toMs` (the epoch times just before and just after the profiler was
 * started; the profile's startTime is somewhere between). All isolates of one workerd share the clock.
 */
export function fitClockOffset(
  p: CpuProfile,
  windows: { from: number; to: number }[],
  fromMs: number,
  toMs: number,
): number {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const busy = samplesOf(p, Number.POSITIVE_INFINITY)
    .filter((s) => !IDLE.has(byId.get(s.node)?.callFrame.functionName ?? "(idle)"))
    .map((s) => s.at / 1000);
  const base = p.startTime / 1000;
  let best = fromMs - base;
  let bestHits = -1;
  for (let start = fromMs; start <= toMs; start += 5) {
    const off = start - base;
    let hits = 0;
    for (const at of busy) if (windows.some((w) => at + off >= w.from && at + off <= w.to)) hits++;
    if (hits > bestHits) {
      bestHits = hits;
      best = off;
    }
  }
  return best;
}
