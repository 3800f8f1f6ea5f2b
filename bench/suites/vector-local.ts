// Local vector store benchmark (issue 4): query latency of the local store (VectorIndexObject, one
// Durable Object per namespace, int8 scan + exact float32 re-rank) at 5,000 and 100,000 vectors in ONE
// namespace, 384 dimensions, with recall@10 against exact brute force computed independently in Node.
// Runs INSIDE workerd: the bench Worker (vector-local-worker.ts) under wrangler's unstable_startWorker.
//   pnpm exec tsx bench/suites/vector-local.ts [--sizes 5000,100000] [--queries 200]
// Reports medians and ratios; no pass/fail on time.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";
import { QuantizedIndex } from "../../packages/vector/src/local/quantized-index";
import { type Summary, summarize } from "../lib/percentiles";
import { syntheticVector } from "./vector-local-data";

const DIMS = 384;
const SEED = 42;
const TOP_K = 10;

export interface VectorLocalSize {
  vectors: number;
  queries: number;
  seedMs: number;
  /** First query: loads the namespace from SQLite into the int8 index. */
  coldQueryMs: number;
  /** HTTP round trip from Node (includes the HTTP hop). */
  http: Summary;
  /** Measured in the Worker around the Durable Object RPC (workerd's clock advances on I/O). */
  rpc: Summary;
  recallAt10: number;
  /** Recall@10 of the int8 scan alone, without the float32 re-rank (same QuantizedIndex code, run in Node). */
  int8OnlyRecallAt10: number;
  int8IndexMB: number;
}
export interface VectorLocalResult {
  dims: number;
  topK: number;
  pingHttp: Summary;
  sizes: VectorLocalSize[];
}

function exactTop(data: Float32Array, n: number, q: Float32Array, k: number): number[] {
  const best: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    let dot = 0;
    const base = i * DIMS;
    for (let d = 0; d < DIMS; d++) dot += data[base + d]! * q[d]!;
    if (best.length < k || dot > best[best.length - 1]![0]) {
      best.push([dot, i]);
      best.sort((a, b) => b[0] - a[0]);
      if (best.length > k) best.pop();
    }
  }
  return best.map(([, i]) => i);
}

export async function runVectorLocalSuite(
  opts: { sizes?: number[]; queries?: number; log?: (s: string) => void } = {},
): Promise<VectorLocalResult> {
  const log = opts.log ?? ((s: string) => console.log(`[vector-local] ${s}`));
  const sizes = opts.sizes ?? [5_000, 100_000];
  const here = path.dirname(fileURLToPath(import.meta.url));
  // Its own config file (written here), so wrangler does not pick up the repository's wrangler.toml.
  const dir = path.join(here, "../../.wrangler/bench/vector-local");
  mkdirSync(dir, { recursive: true });
  const writeConfig = (phase: string) => {
    // One directory per runtime: wrangler keeps its build under the config's folder and cleans it on dispose.
    mkdirSync(path.join(dir, phase), { recursive: true });
    const config = path.join(dir, phase, "wrangler.toml");
    writeFileSync(
      config,
      [
        `name = "forecourt-bench-vector"`,
        `main = ${JSON.stringify(path.join(here, "vector-local-worker.ts"))}`,
        `compatibility_date = "2026-04-01"`,
        `compatibility_flags = ["nodejs_compat"]`,
        `[[durable_objects.bindings]]\nname = "VECTOR_INDEX"\nclass_name = "VectorIndex"`,
        `[[migrations]]\ntag = "v1"\nnew_sqlite_classes = ["VectorIndex"]`,
      ].join("\n"),
    );
    return config;
  };
  const state = path.join(dir, "state");
  rmSync(state, { recursive: true, force: true });
  const start = async (phase: string) => {
    const worker = await unstable_startWorker({
      config: writeConfig(phase),
      dev: {
        server: { hostname: "127.0.0.1", port: 0 },
        inspector: false,
        persist: state,
        logLevel: "warn",
        // Other engineers edit packages/ concurrently: a rebuild would restart the runtime mid-run.
        watch: false,
      } as never,
    });
    await worker.ready;
    const base = (await worker.url).toString().replace(/\/$/, "");
    const post = async (p: string, body: unknown) => {
      const res = await fetch(`${base}${p}`, { method: "POST", body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    return { worker, base, post };
  };

  // Phase 1: seed every size (persisted on disk), then stop the runtime.
  const seeded: { n: number; namespace: string; seedMs: number }[] = [];
  let w = await start("seed");
  try {
    for (const n of sizes) {
      const namespace = `bench-${n}`;
      log(`seeding ${n} x ${DIMS} into one namespace...`);
      const t = performance.now();
      for (let s0 = 0; s0 < n; s0 += 2_000) {
        await w.post("/seed", {
          namespace,
          dims: DIMS,
          seed: SEED,
          start: s0,
          count: Math.min(2_000, n - s0),
        });
      }
      seeded.push({ n, namespace, seedMs: performance.now() - t });
    }
  } finally {
    await w.worker.dispose();
  }

  // Phase 2: a fresh runtime on the same storage, so each namespace's first query is a cold start
  // (object start + loading its vectors from SQLite into the int8 index).
  w = await start("query");
  try {
    const pings: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await (await fetch(`${w.base}/ping`)).text();
      if (i >= 20) pings.push(performance.now() - t);
    }
    const out: VectorLocalSize[] = [];
    for (const { n, namespace, seedMs } of seeded) {
      const queries = opts.queries ?? (n > 20_000 ? 100 : 200);
      log(`${n}: ground truth in Node, then ${queries} queries...`);
      const data = new Float32Array(n * DIMS);
      for (let i = 0; i < n; i++) data.set(syntheticVector(DIMS, SEED, i), i * DIMS);
      const index = new QuantizedIndex(DIMS);
      index.reserve(n);
      for (let i = 0; i < n; i++) index.set(`v${i}`, data.subarray(i * DIMS, (i + 1) * DIMS), {});
      let int8Hits = 0;
      let t = performance.now();
      await w.post("/query", { namespace, dims: DIMS, seed: SEED, query: 1_000_000, topK: TOP_K });
      const coldQueryMs = performance.now() - t;
      const http: number[] = [];
      const rpc: number[] = [];
      let hits = 0;
      for (let q = 0; q < queries + 5; q++) {
        t = performance.now();
        const r = (await w.post("/query", { namespace, dims: DIMS, seed: SEED, query: q, topK: TOP_K })) as {
          ids: string[];
          rpcMs: number;
        };
        const elapsed = performance.now() - t;
        if (q < 5) continue; // warm-up
        http.push(elapsed);
        rpc.push(r.rpcMs);
        const truth = new Set(
          exactTop(data, n, syntheticVector(DIMS, SEED, q, 1), TOP_K).map((i) => `v${i}`),
        );
        hits += r.ids.filter((id) => truth.has(id)).length;
        const approx = index.candidates(syntheticVector(DIMS, SEED, q, 1), TOP_K);
        int8Hits += approx.filter((c) => truth.has(c.id)).length;
      }
      const size: VectorLocalSize = {
        vectors: n,
        queries,
        seedMs,
        coldQueryMs,
        http: summarize(http),
        rpc: summarize(rpc),
        recallAt10: hits / (queries * TOP_K),
        int8OnlyRecallAt10: int8Hits / (queries * TOP_K),
        int8IndexMB: (n * (DIMS + 4)) / 1e6,
      };
      log(
        `${n}: p50 ${size.http.p50.toFixed(2)} ms, p95 ${size.http.p95.toFixed(2)} ms (HTTP); RPC p50 ${size.rpc.p50} ms; recall@10 ${size.recallAt10.toFixed(4)} (int8 alone ${size.int8OnlyRecallAt10.toFixed(4)}); cold ${coldQueryMs.toFixed(0)} ms`,
      );
      out.push(size);
    }
    return { dims: DIMS, topK: TOP_K, pingHttp: summarize(pings), sizes: out };
  } finally {
    await w.worker.dispose();
  }
}

export function renderVectorLocal(r: VectorLocalResult): string {
  const rows = r.sizes.map(
    (s) =>
      `| ${s.vectors.toLocaleString("en-US")} | ${s.queries} | ${s.http.p50.toFixed(2)} | ${s.http.p95.toFixed(2)} | ${s.rpc.p50.toFixed(0)} / ${s.rpc.p95.toFixed(0)} | ${s.recallAt10.toFixed(4)} | ${s.int8OnlyRecallAt10.toFixed(4)} | ${s.coldQueryMs.toFixed(0)} | ${(s.seedMs / 1000).toFixed(1)} s | ${s.int8IndexMB.toFixed(1)} MB |`,
  );
  const [small, big] = r.sizes;
  const ratio =
    small && big
      ? `\n\n${big.vectors.toLocaleString("en-US")} vs ${small.vectors.toLocaleString("en-US")}: p50 x${(big.http.p50 / small.http.p50).toFixed(1)}, p95 x${(big.http.p95 / small.http.p95).toFixed(1)} for x${(big.vectors / small.vectors).toFixed(0)} vectors.`
      : "";
  return `### Local vector store (one namespace, ${r.dims} dims, top-${r.topK}, in workerd)

| vectors | queries | p50 ms (HTTP) | p95 ms (HTTP) | RPC ms p50 / p95 | recall@10 vs exact | int8 scan alone | first query ms (cold start) | seed time | int8 index |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

HTTP baseline (GET /ping, same Worker): p50 ${r.pingHttp.p50.toFixed(2)} ms, p95 ${r.pingHttp.p95.toFixed(2)} ms.${ratio}`;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const sizes = arg("--sizes")?.split(",").map(Number);
  const queries = arg("--queries") ? Number(arg("--queries")) : undefined;
  const result = await runVectorLocalSuite({ sizes, queries });
  console.log(`\n${renderVectorLocal(result)}\n`);
}
