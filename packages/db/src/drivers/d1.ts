import type { SQL } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { SQLiteAsyncDialect } from "drizzle-orm/sqlite-core";
import { sqliteDialect } from "../dialects";
import type { Row, SqlExecutor } from "../sql/executor";

/**
 * D1 through drizzle-orm/d1. D1 has no interactive transactions (`db.transaction()` throws), so every
 * multi-statement write is one D1 batch, which D1 runs as a single transaction (all or nothing).
 * Batches go to the binding directly with drizzle-compiled statements: drizzle's own `db.batch()`
 * cannot take raw `sql` statements that have parameters (it reads a prepared `stmt` they lack).
 */
export function d1Executor(binding: D1Database): SqlExecutor {
  const db = drizzle(binding);
  const compiler = new SQLiteAsyncDialect();
  const query = async (statement: SQL) => db.all<Row>(statement);
  const batch = async (statements: SQL[]): Promise<Row[][]> => {
    if (statements.length === 0) return [];
    if (statements.length === 1) return [await query(statements[0] as SQL)];
    const prepared = statements.map((statement) => {
      const { sql, params } = compiler.sqlToQuery(statement);
      return binding.prepare(sql).bind(...params);
    });
    const results = await binding.batch<Row>(prepared);
    return results.map((r) => r.results ?? []);
  };
  return {
    dialect: sqliteDialect,
    query,
    queryAll: batch,
    atomic: batch,
    async readThenWrite(plan) {
      const { statements, result } = await plan(query);
      return result(await batch(statements));
    },
    close: async () => {},
  };
}
