import type { SQL } from "drizzle-orm";

/** A result row keyed by column name, as the driver returned it (decode with `./decode`). */
export type Row = Record<string, unknown>;

/**
 * The few places where D1/SQLite and Postgres SQL differ. Everything else in the repositories is one
 * SQL text for both, built with drizzle's `sql` template (every value a bound parameter).
 */
export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /** Most bound parameters one statement may carry (D1: 100). Multi-row inserts are chunked by it. */
  readonly maxParams: number;
  /**
   * `expr IN (values)` as ONE bound parameter whatever the list length (D1's 100-parameter cap).
   * A single value is a plain `=`, which planners treat as an equality prefix of an index (so the
   * usual `status = 'active'` keeps the sort indexes usable for ordering).
   */
  inList(expr: SQL, values: readonly (string | number)[]): SQL;
  /**
   * A one-column table (column `value`) holding `values`, bound as ONE parameter whatever their number:
   * for set-based inserts of long lists (`INSERT ... SELECT ..., value FROM <this>`).
   */
  valuesTable(values: readonly string[]): SQL;
  /** Substring test; `needle` is bound and can never act as a pattern (no LIKE wildcards leak). */
  contains(expr: SQL, needle: string): SQL;
  /**
   * A WHERE conjunct for reads whose answer decides a write: keeps them out of any read cache
   * (Hyperdrive caches plain SELECTs for up to a minute). A no-op on D1.
   */
  readonly freshRead: SQL;
  /** Appended to read-modify-write SELECTs: row locks in Postgres; nothing in D1 (single writer). */
  readonly lockRows: SQL;
}

/** What a read-modify-write returns: the writes to run atomically, and how to shape their results. */
export interface WritePlan<T> {
  statements: SQL[];
  result(rows: Row[][]): T;
}

/** How the shared repositories reach a database. One per `Repositories` instance. */
export interface SqlExecutor {
  readonly dialect: SqlDialect;
  query(statement: SQL): Promise<Row[]>;
  /** Independent reads, in one round trip where the driver can (a D1 batch). */
  queryAll(statements: SQL[]): Promise<Row[][]>;
  /** All statements or none: one D1 batch, or one Postgres transaction. Returns each one's rows. */
  atomic(statements: SQL[]): Promise<Row[][]>;
  /**
   * Read, decide, then write atomically. Postgres: the reads and writes share one transaction and the
   * reads should use `dialect.lockRows`. D1 has no interactive transactions: the reads run first, then
   * the writes as one batch; the writes must therefore be correct (or fail the whole batch) if a
   * concurrent writer got in between.
   */
  readThenWrite<T>(plan: (read: (statement: SQL) => Promise<Row[]>) => Promise<WritePlan<T>>): Promise<T>;
  close(): Promise<void>;
}
