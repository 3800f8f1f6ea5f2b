import { type SQL, sql } from "drizzle-orm";
import type { SqlDialect } from "./sql/executor";
import { escapeLike } from "./text-search";

/** D1 / SQLite. */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  // D1 binds at most 100 parameters per statement.
  maxParams: 100,
  inList: (expr: SQL, values) =>
    values.length === 1
      ? sql`${expr} = ${values[0]}`
      : sql`${expr} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`,
  valuesTable: (values) => sql`json_each(${JSON.stringify(values)})`,
  // instr, not LIKE: D1 caps LIKE patterns at 50 bytes, and instr has no wildcards to escape.
  contains: (expr: SQL, needle: string) => sql`instr(${expr}, ${needle}) > 0`,
  freshRead: sql`1 = 1`,
  lockRows: sql``,
};

/** Postgres (Hyperdrive / node-postgres, and Neon's driver). */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  // The wire protocol allows 65,535. 4,000 keeps each statement (and Bind message) modest: a 1,000-vehicle
  // upsert is 8 statements of 133 rows in one transaction, a negligible cost next to the writes.
  maxParams: 4_000,
  // One array parameter (pg serialises JS arrays), typed from the column it is compared with.
  inList: (expr: SQL, values) =>
    values.length === 1 ? sql`${expr} = ${values[0]}` : sql`${expr} = ANY(${sql.param(values)})`,
  valuesTable: (values) => sql`unnest(CAST(${sql.param(values)} AS text[])) AS list(value)`,
  // LIKE with the user's %, _ and \ escaped: literal substring match (and pg_trgm-indexable if added).
  contains: (expr: SQL, needle: string) => sql`${expr} LIKE ${`%${escapeLike(needle)}%`} ESCAPE '\\'`,
  // Read-modify-write reads: row locks, and a volatile function so Hyperdrive never answers them from
  // its query cache (Hyperdrive documents that queries calling volatile functions are not cached).
  freshRead: sql`clock_timestamp() IS NOT NULL`,
  lockRows: sql` FOR UPDATE`,
};
