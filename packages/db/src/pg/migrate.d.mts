import type { Client } from "pg";

export declare const STATEMENT_BREAKPOINT: string;
export interface PgMigrationFile {
  name: string;
  sha256: string;
  statements: string[];
}
/** Splits a drizzle-kit migration into statements (on the breakpoint marker), dropping empty parts. */
export declare function splitStatements(sqlText: string): string[];
/** Lists `NNNN_*.sql` files in `dir`, ordered by their number. */
export declare function readMigrations(dir: string): Promise<PgMigrationFile[]>;
/**
 * Applies pending migrations from `dir` (each in its own transaction, recorded in `_forecourt_migrations`).
 * `target` is a connection string or a connected `pg` Client (left open). Returns the names applied now.
 */
export declare function migratePostgres(
  target: string | Client,
  opts: { dir: string; log?: (line: string) => void },
): Promise<string[]>;
