import { type SQL, sql } from "drizzle-orm";
import type { SqlDialect } from "./executor";

/**
 * Multi-row `INSERT INTO table (columns) VALUES (...), (...)` statements, chunked so no statement binds
 * more than `dialect.maxParams` parameters (D1: 100, i.e. 3 vehicles or 16 price-history rows per
 * statement; Postgres: thousands). `suffix` (e.g. ON CONFLICT ... / RETURNING) is appended to each.
 * Table and column names are constants of this package, never input.
 */
export function insertRows(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix: SQL = sql``,
): SQL[] {
  const perStatement = Math.max(1, Math.floor(dialect.maxParams / columns.length));
  const head = sql.raw(`INSERT INTO ${table} (${columns.join(", ")}) VALUES `);
  const statements: SQL[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const tuples = rows.slice(i, i + perStatement).map((row) => {
      if (row.length !== columns.length)
        throw new Error(`insertRows(${table}): row has ${row.length} values`);
      return sql`(${sql.join(
        row.map((value) => sql`${value}`),
        sql`, `,
      )})`;
    });
    statements.push(sql`${head}${sql.join(tuples, sql`, `)}${suffix}`);
  }
  return statements;
}
