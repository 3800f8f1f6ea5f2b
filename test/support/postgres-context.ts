/** What the Postgres globalSetup hands to the Postgres test project (through Vitest's provide/inject). */
export interface PgTestContext {
  /** False when 127.0.0.1:5432 (or TEST_PG_URL) did not answer: every Postgres test is skipped. */
  available: boolean;
  /** Why Postgres tests are skipped (empty when available). */
  reason: string;
  /** Connection string of the fresh per-run database (a placeholder when unavailable). */
  url: string;
  /** `host:port/v1` of the local WebSocket-to-TCP proxy for the Neon driver ("" when unavailable). */
  wsProxy: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    forecourtPg: PgTestContext;
  }
}
