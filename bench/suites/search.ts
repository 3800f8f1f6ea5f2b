// Filtered search + facets at scale: per query shape, the repository vs the same SQL replayed raw.
// Phase 1 (untimed, also the warm-up): run every sample once through the repository while recording
// the SQL it sends (and, for page-2 samples, fetch page 1 to get a real cursor). Phase 2 (timed): each
// sample through the repository and raw, alternating which goes first so neither always gets the
// warmer cache.
import type { VehicleQuery } from "@forecourt/domain";
import type { DatasetPlan, DealerPlan } from "../datasets/plan";
import { type QueryShape, SHAPES, shapeRandom } from "../datasets/queries";
import { log } from "../lib/http";
import { ratio, type Summary, summarize } from "../lib/percentiles";
import { groupWaves, type Statement } from "../worker/statements";
import type { SearchBackend } from "./search-backends";

export interface ShapeResult {
  shape: string;
  describe: string;
  statements: number;
  avgItems: number;
  repo: Summary;
  raw: Summary;
  repoServer?: Summary;
  /** The repository's own CPU per search (database answers replayed from memory), when the backend can. */
  repoCpu?: Summary;
  rawServer?: Summary;
  ratioP50: number;
  ratioP95: number;
  /** Example of the recorded SQL (first sample), for the report. */
  exampleSql: string;
}

export interface SearchResult {
  backend: string;
  iterations: number;
  shapes: ShapeResult[];
}

interface Sample {
  dealer: DealerPlan;
  query: VehicleQuery;
  waves: Statement[][];
  items: number;
}

export async function runSearchSuite(
  backend: SearchBackend,
  plan: DatasetPlan,
  iterations: number,
): Promise<SearchResult> {
  const shapes: ShapeResult[] = [];
  // Page 2 needs dealerships with more than one page of active vehicles.
  const big = plan.dealerships.filter((d) => d.count >= 80);
  for (const shape of SHAPES) {
    const samples = await prepare(
      backend,
      shape,
      shape.page2 && big.length ? big : plan.dealerships,
      iterations,
    );
    const repo: number[] = [];
    const raw: number[] = [];
    const repoServer: number[] = [];
    const rawServer: number[] = [];
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      const runRepo = async () => {
        const t = await backend.search(s.dealer.id, s.query, false);
        repo.push(t.ms);
        if (t.serverMs !== undefined) repoServer.push(t.serverMs);
      };
      const runRaw = async () => {
        const t = await backend.raw(s.dealer.id, s.waves);
        raw.push(t.ms);
        if (t.serverMs !== undefined) rawServer.push(t.serverMs);
      };
      if (i % 2 === 0) {
        await runRepo();
        await runRaw();
      } else {
        await runRaw();
        await runRepo();
      }
    }
    const cpu: number[] = [];
    if (backend.cpuOnly) for (const s of samples) cpu.push(await backend.cpuOnly(s.dealer.id, s.query));
    const r = summarize(repo);
    const w = summarize(raw);
    const first = samples[0]!.waves.flat();
    const result: ShapeResult = {
      shape: shape.name,
      describe: shape.describe,
      statements: first.length,
      avgItems: samples.reduce((n, s) => n + s.items, 0) / samples.length,
      repo: r,
      raw: w,
      ratioP50: ratio(r.p50, w.p50),
      ratioP95: ratio(r.p95, w.p95),
      exampleSql: first.map((st) => st.sql).join(";\n"),
    };
    if (cpu.length) result.repoCpu = summarize(cpu);
    if (repoServer.length) {
      // Secondary: workerd's clock has 1 ms resolution, too coarse for ratios of few-ms queries, so the
      // ratios and targets use the harness-side round trip (identical HTTP overhead on both paths).
      result.repoServer = summarize(repoServer);
      result.rawServer = summarize(rawServer);
    }
    log(
      `${backend.label} ${shape.name}: repo p50 ${r.p50.toFixed(2)} p95 ${r.p95.toFixed(2)} ms | raw p50 ${w.p50.toFixed(2)} p95 ${w.p95.toFixed(2)} ms` +
        (result.repoServer
          ? ` | in-worker repo p95 ${result.repoServer.p95.toFixed(2)} raw p95 ${result.rawServer!.p95.toFixed(2)} ms`
          : ""),
    );
    shapes.push(result);
  }
  return { backend: backend.label, iterations, shapes };
}

async function prepare(
  backend: SearchBackend,
  shape: QueryShape,
  pool: DealerPlan[],
  iterations: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < iterations; i++) {
    const rand = shapeRandom(shape.name, i);
    const dealer = pool[rand.int(0, pool.length - 1)]!;
    const query = shape.build(rand);
    if (shape.page2) {
      const first = await backend.search(dealer.id, query, false);
      if (!first.nextCursor) throw new Error(`${dealer.id} has no second page for ${shape.name}`);
      query.cursor = first.nextCursor;
    }
    const captured = await backend.search(dealer.id, query, true);
    if (!captured.statements?.length) throw new Error(`no SQL was recorded for ${shape.name}`);
    samples.push({ dealer, query, waves: groupWaves(captured.statements), items: captured.items });
  }
  return samples;
}
