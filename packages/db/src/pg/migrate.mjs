// Postgres migration runner: applies `migrations/pg/NNNN_name.sql` in order, each file inside its own
// transaction, recording it in `_forecourt_migrations` (name, sha256, applied_at). Idempotent: applied
// files are skipped; a changed applied file is an error (migrations are append-only: add a new one).
// Concurrent runners serialise on an advisory lock. Plain ESM so Node 20 can run it without a TS
// loader (bin/migrate-pg.mjs); types in ./migrate.d.mts.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** drizzle-kit separates statements with this marker (an SQL comment, so files also run as a whole). */
export const STATEMENT_BREAKPOINT = "--> statement-breakpoint";
const TABLE = "_forecourt_migrations";
/** Arbitrary constant key for pg_advisory_lock: "forecourt migrations". */
const LOCK_KEY = 4_707_201_001;

/** Splits a drizzle-kit migration into statements (on the breakpoint marker), dropping empty parts. */
export function splitStatements(sqlText) {
  return sqlText
    .split(STATEMENT_BREAKPOINT)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Lists `NNNN_*.sql` files in `dir`, ordered by their number. */
export async function readMigrations(dir) {
  const names = (await readdir(dir)).filter((n) => /^\d+_.+\.sql$/.test(n));
  names.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b));
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(dir, name), "utf8");
      return {
        name,
        sha256: createHash("sha256").update(text).digest("hex"),
        statements: splitStatements(text),
      };
    }),
  );
}

/**
 * Applies pending migrations. `target` is a connection string or a connected `pg` Client
 * (left open). Returns the names applied by this call (empty when up to date).
 */
export async function migratePostgres(target, { dir, log = () => {} }) {
  const client = typeof target === "string" ? new pg.Client({ connectionString: target }) : target;
  if (typeof target === "string") await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query(`SELECT name, sha256 FROM ${TABLE}`);
      const applied = new Map(rows.map((r) => [r.name, r.sha256]));
      const done = [];
      for (const migration of await readMigrations(dir)) {
        const previous = applied.get(migration.name);
        if (previous !== undefined) {
          if (previous !== migration.sha256) {
            throw new Error(
              `migration ${migration.name} was changed after it was applied (sha256 ${previous} -> ${migration.sha256}); add a new migration instead`,
            );
          }
          continue;
        }
        await client.query("BEGIN");
        try {
          for (const statement of migration.statements) await client.query(statement);
          await client.query(`INSERT INTO ${TABLE} (name, sha256) VALUES ($1, $2)`, [
            migration.name,
            migration.sha256,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new Error(
            `migration ${migration.name} failed: ${error instanceof Error ? error.message : error}`,
            {
              cause: error,
            },
          );
        }
        log(`applied ${migration.name}`);
        done.push(migration.name);
      }
      return done;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]);
    }
  } finally {
    if (typeof target === "string") await client.end();
  }
}
