import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { pgAliases } from "./test/support/pg-aliases";
import type { PgTestContext } from "./test/support/postgres-context";
import { probePostgres, TEST_PG_URL } from "./test/support/postgres-probe";
import type { DemoSiteName } from "./test/workers/support/demo-sites";

/**
 * One Vitest run, several projects:
 * - unit:       pure logic (VIN, parsing, scoring) in Node.
 * - workers:    the API Worker in workerd against real local D1, Queues and Durable Objects.
 * - pipeline:   the whole scraping pipeline in workerd: one test Worker with the API's fetch handler and the
 *               scraper's queue/scheduled handlers (test/workers/wrangler.toml), real local Queues (retries,
 *               dead-letter queue), D1 and Durable Objects (WebSockets), scraping demo dealer sites started
 *               by test/workers/support/demo-sites.ts.
 * - postgres:   the same Worker code against Postgres through Hyperdrive's local connection
 *               (and the Neon driver through a local WebSocket proxy), on a fresh database per run
 *               created, migrated and dropped by test/support/postgres-global-setup.ts.
 * Postgres projects report their tests as skipped (with the reason) where 127.0.0.1:5432 does not answer.
 */
export default defineConfig(async (): Promise<ViteUserConfig> => {
  const d1Migrations = await readD1Migrations("migrations/d1");
  const pgAvailable = await probePostgres();
  if (!pgAvailable) {
    console.warn(`[forecourt] Postgres not reachable at ${TEST_PG_URL}: Postgres tests will be SKIPPED.`);
  }
  return {
    resolve: { alias: pgAliases() },
    test: {
      projects: [
        {
          extends: true,
          test: { name: "unit", environment: "node", include: ["test/unit/**/*.test.ts"] },
        },
        {
          extends: true,
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.toml" },
              miniflare: { bindings: { TEST_MIGRATIONS: d1Migrations } },
            }),
          ],
          test: {
            name: "workers",
            include: ["test/api/**/*.test.ts", "test/conformance/d1.test.ts"],
            setupFiles: ["test/support/apply-d1-migrations.ts"],
          },
        },
        {
          extends: true,
          plugins: [
            cloudflareTest(({ inject }) => {
              const sites = inject<Record<DemoSiteName, string>>("demoSites");
              return {
                wrangler: { configPath: "./test/workers/wrangler.toml" },
                miniflare: {
                  bindings: {
                    TEST_MIGRATIONS: d1Migrations,
                    SCRAPER_DEV_ALLOW_HOSTS: Object.values(sites)
                      .map((u) => new URL(u).host)
                      .join(","),
                  },
                },
              };
            }),
          ],
          test: {
            name: "pipeline",
            include: ["test/workers/**/*.test.ts"],
            setupFiles: ["test/support/apply-d1-migrations.ts"],
            globalSetup: ["test/workers/support/demo-sites.ts"],
            testTimeout: 60_000,
            hookTimeout: 60_000,
          },
        },
        {
          extends: true,
          plugins: [
            // A function: it runs after globalSetup, so `inject` sees the per-run database it provided.
            cloudflareTest(({ inject }) => {
              const pg = inject<PgTestContext>("forecourtPg");
              return {
                wrangler: { configPath: "./wrangler.toml" },
                // Hyperdrive's local mode needs a password in the URL, even with trust auth.
                miniflare: { hyperdrives: { HYPERDRIVE: pg.url } },
              };
            }),
          ],
          test: {
            name: "postgres",
            include: ["test/conformance/postgres-*.test.ts", "test/postgres/**/*.test.ts"],
            globalSetup: ["test/support/postgres-global-setup.ts"],
          },
        },
      ],
    },
  };
});
