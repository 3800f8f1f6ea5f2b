import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { pgAliases } from "./test/support/pg-aliases";
import { probePostgres, TEST_PG_URL } from "./test/support/postgres-probe";

/**
 * One Vitest run, several projects:
 * - unit:       pure logic (VIN, parsing, scoring) in Node.
 * - workers:    the API Worker in workerd against real local D1, Queues and Durable Objects.
 * - postgres:   the same Worker code against Postgres through Hyperdrive's local connection.
 * Postgres projects report their tests as skipped (with the reason) where 127.0.0.1:5432 does not answer.
 */
export default defineConfig(async () => {
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
            include: ["test/api/**/*.test.ts", "test/conformance/d1.test.ts", "test/workers/**/*.test.ts"],
            setupFiles: ["test/support/apply-d1-migrations.ts"],
          },
        },
      ],
    },
  };
});
