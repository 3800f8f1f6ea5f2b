import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { SqlExecutor } from "../sql/executor";
import { type PgSession, pgExecutor } from "./pg-executor";

/**
 * Postgres through Hyperdrive: drizzle-orm/node-postgres over one `pg` Client per Repositories instance
 * (create one per request; `close()` ends it), from `env.HYPERDRIVE.connectionString`.
 *
 * Hyperdrive caches plain read queries (default max_age 60 s). Read-after-write never depends on it:
 * writes return their rows with RETURNING, and reads that decide a write (upsert, update) run in the
 * write's transaction with FOR UPDATE and a volatile function, which Hyperdrive never caches. Plain
 * reads (get, search, findActiveByHash) may be up to max_age stale through Hyperdrive by design.
 */
export function hyperdriveExecutor(connectionString: string): SqlExecutor {
  const client = new pg.Client({ connectionString });
  // A dropped connection is reported as an 'error' event; without a listener it would be thrown as an
  // uncaught error. The next query on the client fails with it anyway, so there is nothing else to do.
  client.on("error", () => {});
  return pgExecutor({
    async open() {
      await client.connect();
      return drizzle({ client }) as unknown as PgSession;
    },
    close: () => endQuietly(client),
  });
}

/**
 * Ends the client. In workerd, pg-cloudflare's socket can reject with "Stream was cancelled" while
 * closing; the connection is gone either way, so a failure to say goodbye is not an error here.
 */
async function endQuietly(client: pg.Client): Promise<void> {
  await client.end().catch(() => {});
}
