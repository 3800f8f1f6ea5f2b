// Loads the benchmark dataset into a local Postgres database (forecourt_bench) through the repository
// (createRepositories({driver: "hyperdrive"}) runs unchanged in Node: it is drizzle + node-postgres).
// Cached: a manifest table inside the database records what was loaded; a rerun with the same plan,
// the same migrations and matching row counts skips the load.
import path from "node:path";
import { createRepositories, type Repositories } from "@forecourt/db";
import pg from "pg";
import { migratePostgres } from "../../packages/db/src/pg/migrate.mjs";
import { log } from "../lib/http";
import { PG_ADMIN_URL, PG_URL, ROOT } from "../lib/paths";
import { type DatasetPlan, dealerWriteGroups, manifestValid, newDealership, newManifest } from "./plan";

export interface LoadReport {
  /** True when the cached dataset was used; rows/ms/rowsPerSecond then describe the load that made it. */
  skipped: boolean;
  rows: number;
  ms: number;
  rowsPerSecond: number;
  /** When that load finished (ISO). */
  loadedAt?: string;
}

export function cachedReport(stored: string | null | undefined, rows: number): LoadReport {
  const last = stored ? (JSON.parse(stored) as { rows: number; ms: number; loadedAt: string }) : null;
  return last
    ? {
        skipped: true,
        rows: last.rows,
        ms: last.ms,
        rowsPerSecond: last.rows / (last.ms / 1000),
        loadedAt: last.loadedAt,
      }
    : { skipped: true, rows, ms: Number.NaN, rowsPerSecond: Number.NaN };
}

const DB_NAME = new URL(PG_URL).pathname.slice(1);

async function manifestMatches(plan: DatasetPlan): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    const m = await c.query("SELECT value FROM _bench_manifest WHERE key = 'dataset'");
    if (!manifestValid(m.rows[0]?.value, plan, "pg")) return false;
    const n = await c.query("SELECT count(*)::int AS n FROM vehicles");
    return n.rows[0].n === plan.vehicles;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

async function saveManifest(c: pg.Client, key: string, value: unknown) {
  await c.query(
    "INSERT INTO _bench_manifest (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [key, JSON.stringify(value)],
  );
}

async function recreateDatabase() {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  await migratePostgres(PG_URL, { dir: path.join(ROOT, "migrations", "pg") });
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query("CREATE TABLE _bench_manifest (key text PRIMARY KEY, value text NOT NULL)");
  await c.end();
}

/** Runs `worker` over `items` with `concurrency` lanes, each lane with its own repositories (connection). */
async function lanes<T>(
  items: T[],
  concurrency: number,
  worker: (repos: Repositories, item: T) => Promise<void>,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const repos = createRepositories({ driver: "hyperdrive", connectionString: PG_URL });
      try {
        while (next < items.length) await worker(repos, items[next++]!);
      } finally {
        await repos.close();
      }
    }),
  );
}

export async function ensurePostgresDataset(
  plan: DatasetPlan,
  opts: { reload: boolean },
): Promise<LoadReport> {
  if (!opts.reload && (await manifestMatches(plan))) {
    log(
      `postgres: ${plan.vehicles.toLocaleString("en-US")} vehicles already loaded (manifest matches), skipping`,
    );
    // Migrations added since the load are applied on top of the data, as a deploy would.
    const applied = await migratePostgres(PG_URL, { dir: path.join(ROOT, "migrations", "pg") });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    if (applied.length) {
      log(`postgres: applied ${applied.join(", ")} to the cached dataset`);
      await c.query("ANALYZE");
      await saveManifest(c, "dataset", newManifest(plan, "pg"));
    }
    const stored = await c.query("SELECT value FROM _bench_manifest WHERE key = 'load'");
    await c.end();
    return cachedReport(stored.rows[0]?.value, plan.vehicles);
  }
  log(`postgres: (re)creating ${DB_NAME} and loading ${plan.vehicles.toLocaleString("en-US")} vehicles…`);
  const manifest = newManifest(plan, "pg");
  await recreateDatabase();
  const t0 = performance.now();
  await lanes(plan.dealerships, 2, async (repos, d) => {
    await repos.dealerships.create(newDealership(d));
  });
  let rows = 0;
  let lastLog = t0;
  await lanes(plan.dealerships, 3, async (repos, d) => {
    for (const g of dealerWriteGroups(d)) {
      const written = await repos.vehicles.upsertMany(g.dealershipId, g.writes, {
        now: g.now,
        source: "seed",
      });
      rows += written.length;
    }
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(
        `postgres: ${rows.toLocaleString("en-US")} vehicles (${Math.round(rows / ((lastLog - t0) / 1000))}/s)`,
      );
    }
  });
  const ms = performance.now() - t0;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query("ANALYZE");
  const loadedAt = new Date().toISOString();
  await saveManifest(c, "load", { rows, ms, loadedAt });
  await saveManifest(c, "dataset", manifest);
  await c.end();
  log(`postgres: loaded ${rows.toLocaleString("en-US")} vehicles in ${(ms / 1000).toFixed(1)} s`);
  return { skipped: false, rows, ms, rowsPerSecond: rows / (ms / 1000), loadedAt };
}
