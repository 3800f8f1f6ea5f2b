// Generates the bench Worker's wrangler config from the API's own wrangler.toml, so the bench Worker has
// exactly the API's bindings (D1, Durable Objects, queues, vars) plus a Hyperdrive binding to the bench
// Postgres database, and never drifts from the real configuration.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { unstable_readConfig } from "wrangler";
import { BENCH_DIR, PG_URL, ROOT } from "./paths";

export const BENCH_CONFIG = path.join(BENCH_DIR, "wrangler.bench.json");
export const BENCH_ENTRY = path.join(ROOT, "bench", "worker", "index.ts");

export function apiConfig() {
  return unstable_readConfig({ config: path.join(ROOT, "wrangler.toml") }, { hideWarnings: true });
}

export const BUNDLE_DIR = path.join(BENCH_DIR, "dist");
export const RUN_CONFIG = path.join(BENCH_DIR, "wrangler.bench.run.json");

/**
 * The config `wrangler dev` runs: the same bindings, pointing at the bundle snapshot built from
 * BENCH_CONFIG (no_bundle), so edits to the source tree during a run cannot hot-reload the Worker.
 */
export function writeRunConfig(): string {
  const config = JSON.parse(readFileSync(BENCH_CONFIG, "utf8"));
  writeFileSync(
    RUN_CONFIG,
    JSON.stringify({ ...config, main: path.join(BUNDLE_DIR, "index.js"), no_bundle: true }, null, 2),
  );
  return RUN_CONFIG;
}

export function writeBenchConfig(varOverrides: Record<string, string> = {}): string {
  const api = apiConfig();
  const abs = (p: string | undefined) => (p ? path.resolve(ROOT, p) : p);
  const hyperdrive: { binding: string; id: string; localConnectionString?: string }[] = (
    api.hyperdrive ?? []
  ).filter((h: { binding: string }) => h.binding !== "HYPERDRIVE");
  hyperdrive.push({
    binding: "HYPERDRIVE",
    id: "00000000000000000000000000000be1",
    localConnectionString: PG_URL,
  });
  const config = {
    name: "forecourt-bench",
    main: BENCH_ENTRY,
    compatibility_date: api.compatibility_date,
    compatibility_flags: api.compatibility_flags,
    vars: { ...api.vars, ...varOverrides },
    d1_databases: api.d1_databases.map((d: { migrations_dir?: string }) => ({
      ...d,
      migrations_dir: abs(d.migrations_dir),
    })),
    durable_objects: api.durable_objects,
    migrations: api.migrations,
    queues: api.queues,
    kv_namespaces: api.kv_namespaces,
    r2_buckets: api.r2_buckets,
    hyperdrive,
    limits: api.limits,
  };
  mkdirSync(BENCH_DIR, { recursive: true });
  writeFileSync(BENCH_CONFIG, JSON.stringify(config, null, 2));
  return BENCH_CONFIG;
}
