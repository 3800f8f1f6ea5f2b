// Loads the benchmark dataset into the bench Worker's local D1 through the repository's upsertMany (the
// same path as the bulk API and the scraper), sent over loopback to /__bench/ingest in requests of ~1,000
// vehicles with two requests in flight (so generating the next request overlaps writing this one).
// Cached: a manifest beside the local state records what was loaded; a run whose plan or migrations
// differ wipes the bench state directory BEFORE wrangler starts (see `prepareD1State`).
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { benchCall, log } from "../lib/http";
import { BENCH_DIR, STATE_DIR } from "../lib/paths";
import {
  type DatasetPlan,
  dealerWriteGroups,
  manifestValid,
  newDealership,
  newManifest,
  type WriteGroup,
} from "./plan";
import { cachedReport, type LoadReport } from "./postgres";

const MANIFEST = path.join(BENCH_DIR, "d1-manifest.json");
const LOAD_STATS = path.join(BENCH_DIR, "d1-load.json");
const PER_REQUEST = 1_000;

/** Call before starting wrangler: returns true when the persisted D1 already holds this dataset. */
export function prepareD1State(plan: DatasetPlan | null, opts: { reload: boolean }): boolean {
  const current = existsSync(MANIFEST) ? readFileSync(MANIFEST, "utf8") : null;
  if (plan && !opts.reload && manifestValid(current, plan, "d1")) return true;
  if (plan || (current !== null && !schemaStillValid(current))) {
    // A different dataset, or a schema the data was not loaded into: start from an empty local state.
    rmSync(STATE_DIR, { recursive: true, force: true });
    rmSync(MANIFEST, { force: true });
    rmSync(LOAD_STATS, { force: true });
  }
  return false;
}

/** The stored manifest's migrations are all unchanged (whatever dataset it describes). */
function schemaStillValid(stored: string): boolean {
  try {
    const fingerprint = (JSON.parse(stored) as { fingerprint?: string }).fingerprint ?? "";
    return manifestValid(stored, { fingerprint, vehicles: 0, dealerships: [] }, "d1");
  } catch {
    return false;
  }
}

export async function ensureD1Dataset(url: string, plan: DatasetPlan, cached: boolean): Promise<LoadReport> {
  const stats = await benchCall<{ vehicles: number; dealerships: number }>(`${url}/__bench/d1/stats`);
  if (cached && stats.body.vehicles === plan.vehicles && stats.body.dealerships === plan.dealerships.length) {
    log(
      `d1: ${plan.vehicles.toLocaleString("en-US")} vehicles already loaded (manifest and counts match), skipping`,
    );
    // startBenchWorker applied any migration added since the load; record the schema the data now has.
    writeFileSync(MANIFEST, JSON.stringify(newManifest(plan, "d1")));
    return cachedReport(existsSync(LOAD_STATS) ? readFileSync(LOAD_STATS, "utf8") : null, plan.vehicles);
  }
  if (stats.body.vehicles > 0 || stats.body.dealerships > 0) {
    throw new Error(
      `d1: local state holds a different dataset (${JSON.stringify(stats.body)}); rerun with --reload`,
    );
  }
  log(`d1: loading ${plan.vehicles.toLocaleString("en-US")} vehicles through upsertMany…`);
  // The schema the data goes into: wrangler applied exactly these migrations when the Worker started.
  const manifest = newManifest(plan, "d1");
  const t0 = performance.now();
  for (let i = 0; i < plan.dealerships.length; i += 500) {
    await benchCall(`${url}/__bench/ingest`, {
      dealerships: plan.dealerships.slice(i, i + 500).map(newDealership),
    });
  }
  // Requests of whole upsertMany groups adding up to ~PER_REQUEST vehicles.
  function* requests(): Generator<WriteGroup[]> {
    let batch: WriteGroup[] = [];
    let size = 0;
    for (const d of plan.dealerships) {
      for (const g of dealerWriteGroups(d)) {
        batch.push(g);
        size += g.writes.length;
        if (size >= PER_REQUEST) {
          yield batch;
          batch = [];
          size = 0;
        }
      }
    }
    if (batch.length) yield batch;
  }
  let rows = 0;
  let lastLog = t0;
  const it = requests();
  await Promise.all(
    [0, 1].map(async () => {
      for (let next = it.next(); !next.done; next = it.next()) {
        const r = await benchCall<{ rows: number }>(`${url}/__bench/ingest`, { groups: next.value });
        rows += r.body.rows;
        if (performance.now() - lastLog > 15_000) {
          lastLog = performance.now();
          log(
            `d1: ${rows.toLocaleString("en-US")} vehicles (${Math.round(rows / ((lastLog - t0) / 1000))}/s)`,
          );
        }
      }
    }),
  );
  const ms = performance.now() - t0;
  const after = await benchCall<{ vehicles: number }>(`${url}/__bench/d1/stats`);
  if (after.body.vehicles !== plan.vehicles)
    throw new Error(`d1: expected ${plan.vehicles} vehicles, found ${after.body.vehicles}`);
  const loadedAt = new Date().toISOString();
  writeFileSync(LOAD_STATS, JSON.stringify({ rows, ms, loadedAt }));
  writeFileSync(MANIFEST, JSON.stringify(manifest));
  log(`d1: loaded ${rows.toLocaleString("en-US")} vehicles in ${(ms / 1000).toFixed(1)} s`);
  return { skipped: false, rows, ms, rowsPerSecond: rows / (ms / 1000), loadedAt };
}
