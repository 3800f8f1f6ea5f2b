import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migratePostgres } from "../../packages/db/src/pg/migrate.mjs";
import type { PgTestContext } from "./postgres-context";
import { probePostgres, TEST_PG_URL } from "./postgres-probe";
import { startWsProxy } from "./postgres-ws-proxy";

/**
 * Vitest globalSetup (Node side) for the Postgres project. When Postgres answers: creates a fresh
 * database `forecourt_test_<pid>_<time>` (from a connection to the `test` database), applies
 * migrations/pg with the package's runner, starts the Neon WebSocket proxy, and provides
 * `forecourtPg` to the project; drops the database at teardown. When it does not answer: provides
 * `available: false` and a reason, and the tests report themselves skipped.
 */
export default async function setup(project: TestProject) {
  if (!(await probePostgres())) {
    const reason = `Postgres not reachable at ${redact(TEST_PG_URL)} (start it, or set TEST_PG_URL)`;
    project.provide("forecourtPg", { available: false, reason, url: placeholderUrl(), wsProxy: "" });
    return;
  }
  const admin = new URL(TEST_PG_URL);
  // Hyperdrive's local connection string must carry a password, even with trust auth.
  if (!admin.password) admin.password = "postgres";
  const database = `forecourt_test_${process.pid}_${Date.now()}`;
  await withClient(admin.toString(), (c) => c.query(`CREATE DATABASE ${database}`));
  const url = new URL(admin);
  url.pathname = `/${database}`;
  try {
    await migratePostgres(url.toString(), {
      dir: fileURLToPath(new URL("../../migrations/pg", import.meta.url)),
    });
  } catch (error) {
    await dropDatabase(admin.toString(), database);
    throw error;
  }
  const proxy = await startWsProxy([`${url.hostname}:${url.port || "5432"}`]);
  const context: PgTestContext = { available: true, reason: "", url: url.toString(), wsProxy: proxy.address };
  project.provide("forecourtPg", context);

  return async () => {
    await proxy.close();
    await dropDatabase(admin.toString(), database);
  };
}

async function withClient<T>(connectionString: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

async function dropDatabase(adminUrl: string, database: string) {
  // WITH (FORCE): test workers may still hold connections when teardown runs (Postgres >= 13).
  await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
}

function placeholderUrl() {
  return "postgres://postgres:postgres@127.0.0.1:5432/unavailable";
}

function redact(url: string) {
  const u = new URL(url);
  if (u.password) u.password = "***";
  return `${u.hostname}:${u.port || "5432"} (${u.toString()})`;
}
