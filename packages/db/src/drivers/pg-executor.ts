import type { SQL } from "drizzle-orm";
import { postgresDialect } from "../dialects";
import type { Row, SqlExecutor } from "../sql/executor";

/** The part of a drizzle Postgres database (node-postgres or neon-serverless) the executor uses. */
export interface PgSession {
  execute(statement: SQL): PromiseLike<{ rows: unknown[] }>;
  transaction<T>(run: (tx: PgSession) => Promise<T>): Promise<T>;
}

/**
 * Shared by the Hyperdrive and Neon drivers: one connection per Repositories instance, opened on first
 * use. Operations are serialised on it, so a concurrent call can never run inside another one's
 * transaction (and be rolled back with it).
 */
export function pgExecutor(connection: { open(): Promise<PgSession>; close(): Promise<void> }): SqlExecutor {
  let session: Promise<PgSession> | null = null;
  let closed = false;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(run: (db: PgSession) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error("repositories are closed"));
    session ??= connection.open();
    const opened = session;
    const next = queue.then(async () => run(await opened));
    queue = next.catch(() => {});
    return next;
  };
  const rowsOf = async (db: PgSession, statement: SQL) => (await db.execute(statement)).rows as Row[];
  const inTransaction = (statements: SQL[]) =>
    exclusive((db) =>
      statements.length <= 1
        ? Promise.all(statements.map((s) => rowsOf(db, s)))
        : db.transaction(async (tx) => {
            const out: Row[][] = [];
            for (const statement of statements) out.push(await rowsOf(tx, statement));
            return out;
          }),
    );
  return {
    dialect: postgresDialect,
    query: (statement) => exclusive((db) => rowsOf(db, statement)),
    queryAll: (statements) =>
      exclusive(async (db) => {
        const out: Row[][] = [];
        for (const statement of statements) out.push(await rowsOf(db, statement));
        return out;
      }),
    atomic: inTransaction,
    readThenWrite: (plan) =>
      exclusive((db) =>
        db.transaction(async (tx) => {
          const { statements, result } = await plan((statement) => rowsOf(tx, statement));
          const out: Row[][] = [];
          for (const statement of statements) out.push(await rowsOf(tx, statement));
          return result(out);
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      const opened = session;
      if (!opened) return;
      await queue;
      await opened.then(
        () => connection.close(),
        () => connection.close(),
      );
    },
  };
}
