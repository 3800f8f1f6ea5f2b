/**
 * Memory-kind sampler for a `wrangler dev`'s workerd processes (diagnostics for issue 6; NOT wired into
 * any test). For the Workers' workerd (the non-proxy one, same split rule as soak.ts `splitWorkerd`) it
 * reads, every `interval` seconds:
 *
 * - /proc/PID/status: VmRSS, RssAnon, RssFile, RssShmem;
 * - /proc/PID/smaps: Rss grouped by mapping ([heap], [anon], [stack], each file path), the number of
 *   mappings, and the Rss of SQLite files (.sqlite / -wal / -shm) under the state dir;
 *
 * and appends one JSON line per sample to `out`. The proxy's VmRSS is recorded too.
 *
 *   npx tsx test/load/memsample.ts --marker <persist dir> --port <public port> --out f.jsonl [--interval 5]
 *       [--seconds N]    (stops after N s, or when the processes are gone after having been seen)
 *
 * or import `startSampler` to run it inside another script (test/load/memprobe.ts does).
 */
import { appendFileSync, readFileSync } from "node:fs";
import { commandLine, splitWorkerd, workerdPids } from "./soak";

export interface ProcSample {
  pid: number;
  vmRssKb: number;
  rssAnonKb: number;
  rssFileKb: number;
  rssShmemKb: number;
  mappings: number;
  /** Rss (kB) by mapping name; only groups >= 512 kB are kept (the rest summed in "(small)"). */
  groups: Record<string, number>;
  /** Rss (kB) of SQLite files (.sqlite, -wal, -shm, .sqlite3, .db) mapped by the process. */
  sqliteKb: number;
  /** Anonymous kB (smaps "Anonymous:") summed over all mappings. */
  anonymousKb: number;
  /** Private_Dirty summed over all mappings. */
  privateDirtyKb: number;
  /**
   * Anonymous Rss (kB) by 4 GiB address region (`anon@<address >> 32, hex>`), regions >= 1 MB. This
   * tells the V8 heaps from native malloc: workerd runs all isolates in one V8 pointer-compression cage
   * (one 4 GiB reservation, its committed part holds every isolate's heap), while its native allocator
   * (tcmalloc) maps its own 1 GiB regions elsewhere. See `anonRegionRoles`.
   */
  anonRegions: Record<string, number>;
}

export interface Sample {
  t: number;
  iso: string;
  workers: ProcSample[];
  proxyRssKb: number;
  proxyPids: number[];
  /** anonRegionRoles of the (first) Workers process. */
  roles: Record<string, string>;
}

const statusField = (text: string, name: string) =>
  Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(text)?.[1] ?? 0);

export function readProc(pid: number): ProcSample | null {
  let status: string;
  let smaps: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
    smaps = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return null;
  }
  const groups = new Map<string, number>();
  let mappings = 0;
  let current = "";
  let anonymousKb = 0;
  let privateDirtyKb = 0;
  let sqliteKb = 0;
  const regions = new Map<string, number>();
  let region = "";
  const header = /^([0-9a-f]+)-[0-9a-f]+\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/;
  for (const line of smaps.split("\n")) {
    const h = header.exec(line);
    if (h) {
      mappings++;
      current = (h[2] ?? "").trim() || "[anon]";
      region = current === "[anon]" ? `anon@${(BigInt(`0x${h[1]}`) >> 32n).toString(16)}` : "";
      continue;
    }
    if (line.startsWith("Rss:")) {
      const kb = Number(/(\d+)/.exec(line)?.[1] ?? 0);
      groups.set(current, (groups.get(current) ?? 0) + kb);
      if (region) regions.set(region, (regions.get(region) ?? 0) + kb);
      if (/(\.sqlite3?|\.db)(-wal|-shm|-journal)?( \(deleted\))?$/.test(current)) sqliteKb += kb;
    } else if (line.startsWith("Anonymous:")) {
      anonymousKb += Number(/(\d+)/.exec(line)?.[1] ?? 0);
    } else if (line.startsWith("Private_Dirty:")) {
      privateDirtyKb += Number(/(\d+)/.exec(line)?.[1] ?? 0);
    }
  }
  const kept: Record<string, number> = {};
  let small = 0;
  for (const [k, v] of groups) {
    if (v >= 512) kept[k] = v;
    else small += v;
  }
  kept["(small)"] = small;
  return {
    pid,
    vmRssKb: statusField(status, "VmRSS"),
    rssAnonKb: statusField(status, "RssAnon"),
    rssFileKb: statusField(status, "RssFile"),
    rssShmemKb: statusField(status, "RssShmem"),
    mappings,
    groups: kept,
    sqliteKb,
    anonymousKb,
    privateDirtyKb,
    anonRegions: Object.fromEntries([...regions].filter(([, v]) => v >= 1024).sort((a, b) => b[1] - a[1])),
  };
}

/**
 * Which anonymous regions are the V8 cage and which native (tcmalloc), from /proc/PID/maps: the cage is
 * the region holding a ~4 GiB reservation that starts 4 GiB-aligned; tcmalloc's regions are 1 GiB
 * reservations (PROT_NONE) with their committed tail. Heuristic; returns region keys as in `anonRegions`.
 */
export function anonRegionRoles(pid: number): Record<string, "v8-cage" | "tcmalloc?"> {
  const out: Record<string, "v8-cage" | "tcmalloc?"> = {};
  let maps = "";
  try {
    maps = readFileSync(`/proc/${pid}/maps`, "utf8");
  } catch {
    return out;
  }
  const spans = new Map<string, { lo: bigint; hi: bigint; named: boolean }>();
  for (const line of maps.split("\n")) {
    const m = /^([0-9a-f]+)-([0-9a-f]+)\s+\S+\s+\S+\s+\S+\s+\d+\s*(.*)$/.exec(line);
    if (!m) continue;
    const lo = BigInt(`0x${m[1]}`);
    const hi = BigInt(`0x${m[2]}`);
    const key = `anon@${(lo >> 32n).toString(16)}`;
    const s = spans.get(key) ?? { lo, hi, named: false };
    s.lo = lo < s.lo ? lo : s.lo;
    s.hi = hi > s.hi ? hi : s.hi;
    if ((m[3] ?? "").trim()) s.named = true;
    spans.set(key, s);
  }
  for (const [key, s] of spans) {
    if (s.named) continue;
    const size = s.hi - s.lo;
    if (size >= 0xf0000000n && s.lo % 0x100000000n === 0n) out[key] = "v8-cage";
    else if (size >= 0x3f000000n && s.lo % 0x40000000n === 0n) out[key] = "tcmalloc?";
  }
  return out;
}

export function takeSample(marker: string, port: number, started: number): Sample {
  const { workers, proxy } = splitWorkerd(
    workerdPids(marker).map((pid) => ({ pid, cmdline: commandLine(pid) })),
    port,
  );
  let proxyRssKb = 0;
  for (const p of proxy) {
    try {
      proxyRssKb += statusField(readFileSync(`/proc/${p}/status`, "utf8"), "VmRSS");
    } catch {}
  }
  return {
    t: Date.now() - started,
    iso: new Date().toISOString(),
    workers: workers.map(readProc).filter((x): x is ProcSample => x !== null),
    proxyRssKb,
    proxyPids: proxy,
    roles: workers[0] ? anonRegionRoles(workers[0]) : {},
  };
}

/** Samples every `intervalMs` into `out` (JSON lines) until the returned stop() is called. */
export function startSampler(opts: {
  marker: string;
  port: number;
  out: string;
  intervalMs?: number;
  onSample?: (s: Sample) => void;
}): { stop: () => void } {
  const started = Date.now();
  const tick = () => {
    const s = takeSample(opts.marker, opts.port, started);
    if (s.workers.length === 0 && s.proxyPids.length === 0) return;
    appendFileSync(opts.out, `${JSON.stringify(s)}\n`);
    opts.onSample?.(s);
  };
  tick();
  const timer = setInterval(tick, opts.intervalMs ?? 5000);
  return { stop: () => clearInterval(timer) };
}

/** One short line for a console. */
export function brief(s: Sample): string {
  const w = s.workers[0];
  if (!w)
    return `${(s.t / 1000).toFixed(0)}s no workers process; proxy ${(s.proxyRssKb / 1024).toFixed(0)} MB`;
  const mb = (kb: number) => (kb / 1024).toFixed(1);
  const top = Object.entries(w.anonRegions)
    .slice(0, 2)
    .map(([k, v]) => `${k} ${mb(v)}`)
    .join(" ");
  return `${(s.t / 1000).toFixed(0)}s pid ${w.pid} [${top}] VmRSS ${mb(w.vmRssKb)} anon ${mb(w.rssAnonKb)} file ${mb(w.rssFileKb)} shmem ${mb(w.rssShmemKb)} sqlite ${mb(w.sqliteKb)} heap ${mb(w.groups["[heap]"] ?? 0)} anonmaps ${mb(w.groups["[anon]"] ?? 0)} maps ${w.mappings}; proxy ${mb(s.proxyRssKb)} MB`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const marker = arg("marker");
  const port = Number(arg("port"));
  const out = arg("out");
  if (!marker || !port || !out) {
    console.error(
      "usage: memsample.ts --marker <persist dir> --port <port> --out <file.jsonl> [--interval s] [--seconds s]",
    );
    process.exit(2);
  }
  const seconds = Number(arg("seconds") ?? 0);
  let seen = false;
  let gone = 0;
  const sampler = startSampler({
    marker,
    port,
    out,
    intervalMs: Number(arg("interval") ?? 5) * 1000,
    onSample: (s) => {
      seen = true;
      console.log(brief(s));
    },
  });
  const started = Date.now();
  const watch = setInterval(() => {
    if (seconds && Date.now() - started > seconds * 1000) finish();
    if (seen && workerdPids(marker).length === 0 && ++gone >= 3) finish();
  }, 1000);
  const finish = () => {
    sampler.stop();
    clearInterval(watch);
  };
  process.on("SIGINT", finish);
  process.on("SIGTERM", finish);
}
