import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Everything the benchmarks generate lives here (git-ignored through `.wrangler/`). */
export const BENCH_DIR = path.join(ROOT, ".wrangler", "bench");
export const STATE_DIR = path.join(BENCH_DIR, "state");
export const LOG_DIR = path.join(BENCH_DIR, "logs");
export const RESULTS_DIR = path.join(BENCH_DIR, "results");
export const WRANGLER = path.join(ROOT, "node_modules", ".bin", "wrangler");
export const PG_ADMIN_URL =
  process.env.BENCH_PG_ADMIN_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/test";
export const PG_URL =
  process.env.BENCH_PG_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/forecourt_bench";
