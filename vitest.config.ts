import { readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig, type ViteUserConfig } from "vitest/config";
import { pgAliases } from "./test/support/pg-aliases";
import type { PgTestContext } from "./test/support/postgres-context";
import { probePostgres, TEST_PG_URL } from "./test/support/postgres-probe";
import { demoSitesAllowed, workersProject } from "./test/support/workers-project";

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
          // observability-unit: the logger's redaction layer, metrics registry/aggregation/Prometheus format
          // (parsed by a real parser), alert rules, engine and channels against local receivers (globalSetup,
          // port 0). The Worker side (/metrics, readiness, correlation) is the `observability` project.
          extends: true,
          test: {
            name: "observability-unit",
            environment: "node",
            include: ["test/observability/unit/**/*.test.ts"],
            globalSetup: ["test/observability/support/global-setup.ts"],
          },
        },
        // observability: GET /metrics aggregated across isolates through the MetricsAggregator shards,
        // /v1/health/ready, request-id correlation API → scrape-jobs → embed-jobs consumers, secrets never
        // in any log line, and the cron's alert evaluation posting to the local receivers.
        workersProject({
          name: "observability",
          include: ["test/observability/workers/**/*.test.ts"],
          wrangler: "./test/observability/wrangler.toml",
          d1Migrations,
          miniflare: ({ inject }) => {
            const servers = inject<{ receivers: string; demoSite: string }>("observabilityServers");
            return { bindings: { SCRAPER_DEV_ALLOW_HOSTS: new URL(servers.demoSite).host } };
          },
          globalSetup: ["test/observability/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        }),
        workersProject({
          name: "workers",
          include: ["test/api/**/*.test.ts", "test/conformance/d1.test.ts", "test/ai/**/*.test.ts"],
          wrangler: "./wrangler.toml",
          d1Migrations,
          // AI_EVAL_ENV: JSON settings for test/ai/eval.test.ts (`pnpm eval:ai` against a real provider).
          miniflare: { bindings: { AI_EVAL_ENV: process.env.AI_EVAL_ENV ?? "" } },
        }),
        // security: the tenant-isolation matrix and the fuzzer, both generated from /openapi.json at test
        // time; auth attacks (HS256 mode, and JWKS mode against a local identity provider); the generated
        // SSRF corpus (in workerd, where the scraper runs). globalSetup serves the JWKS (port 0) and writes
        // each suite's counts to test-results/security-report.json. SECURITY_FUZZ_RUNS / SECURITY_FUZZ_SEED /
        // SECURITY_FUZZ_FULL=1 set the fuzzer's random inputs per route, its seed, all hostile inputs everywhere.
        workersProject({
          name: "security",
          include: ["test/security/**/*.test.ts"],
          wrangler: "./wrangler.toml",
          d1Migrations,
          miniflare: ({ inject }) => {
            const server = inject<{ url: string; keys: string }>("securityServer");
            return {
              bindings: {
                SECURITY_SERVER_URL: server.url,
                SECURITY_KEYS: server.keys,
                SECURITY_FUZZ_RUNS: process.env.SECURITY_FUZZ_RUNS ?? "",
                SECURITY_FUZZ_SEED: process.env.SECURITY_FUZZ_SEED ?? "",
                SECURITY_FUZZ_FULL: process.env.SECURITY_FUZZ_FULL ?? "",
                // Thousands of requests: keep the per-request info lines out of the test output.
                LOG_LEVEL: "warn",
              },
            };
          },
          globalSetup: ["test/security/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        }),
        workersProject({
          name: "pipeline",
          include: ["test/workers/**/*.test.ts"],
          wrangler: "./test/workers/wrangler.toml",
          d1Migrations,
          miniflare: demoSitesAllowed,
          globalSetup: ["test/workers/support/demo-sites.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        }),
        // faults: the scraping pipeline under faults (test/faults/wrangler.toml: the pipeline Worker with NO
        // queue consumer): test/faults/support/queue-driver.ts delivers every scrape-jobs message through the
        // scraper's real queue handler, duplicated, reordered, failing mid-batch or with the database gone;
        // Durable Object resets, the stale-job reaper on the cron, and no mass removal. Demo sites as pipeline.
        workersProject({
          name: "faults",
          include: ["test/faults/**/*.test.ts"],
          wrangler: "./test/faults/wrangler.toml",
          d1Migrations,
          miniflare: demoSitesAllowed,
          globalSetup: ["test/workers/support/demo-sites.ts"],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        }),
        // The embedder in workerd: API fetch handler + embedder queue handler in one test Worker
        // (test/embedder/wrangler.toml), real local Queues (retries, DLQ), D1 and the local vector store.
        workersProject({
          name: "embedder",
          include: ["test/embedder/**/*.test.ts"],
          wrangler: "./test/embedder/wrangler.toml",
          d1Migrations,
          miniflare: ({ inject }) => ({
            bindings: {
              OPENAI_BASE_URL: inject("embedderOpenAI"),
              // The local Qdrant server: migrations between real adapter kinds (test/embedder/migration-qdrant.test.ts).
              QDRANT_URL: inject("embedderQdrant"),
              QDRANT_API_KEY: "qk-test-embedder",
            },
          }),
          globalSetup: [
            "test/embedder/support/embedding-server.ts",
            "test/embedder/support/qdrant-server.ts",
          ],
          // One file at a time: the provider outage switch is shared by every test of the project.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        }),
        // The LLM provider layer in workerd: one conformance suite for every chat/embedding adapter, the
        // vendor SDKs against local OpenAI-/Anthropic-wire servers (globalSetup, port 0, URLs via inject)
        // and a Workers AI binding stand-in; plus fallback, circuit breaker, budget and cache tests.
        workersProject({
          name: "llm",
          include: ["test/llm/**/*.test.ts"],
          wrangler: "./test/llm/wrangler.toml",
          globalSetup: ["test/llm/global-setup.ts"],
          testTimeout: 30_000,
        }),
        // vector: the vector-store conformance suite (test/vector/suite.ts) against all four adapters, in
        // workerd: the local Durable Object store, Vectorize (binding stand-in), and the real Pinecone and
        // Qdrant SDKs against local servers from the vendors' specs, started in globalSetup.
        workersProject({
          name: "vector",
          include: ["test/vector/**/*.test.ts"],
          wrangler: "./test/vector/wrangler.toml",
          miniflare: ({ inject }) => {
            const servers = inject<{ pinecone: string; qdrant: string }>("vectorServers");
            return { bindings: { PINECONE_URL: servers.pinecone, QDRANT_URL: servers.qdrant } };
          },
          globalSetup: ["test/vector/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        }),
        workersProject({
          name: "postgres",
          include: ["test/conformance/postgres-*.test.ts", "test/postgres/**/*.test.ts"],
          wrangler: "./wrangler.toml",
          // A function: it runs after globalSetup, so `inject` sees the per-run database it provided.
          // Hyperdrive's local mode needs a password in the URL, even with trust auth.
          miniflare: ({ inject }) => ({
            hyperdrives: { HYPERDRIVE: inject<PgTestContext>("forecourtPg").url },
          }),
          globalSetup: ["test/support/postgres-global-setup.ts"],
        }),
        // telemetry: tracing (OTLP/HTTP JSON) and error reporting (Sentry envelopes) of the API, scraper and
        // embedder in workerd (test/telemetry/wrangler.toml: one Worker with all three entries), against a
        // local OTLP + Sentry receiver started in globalSetup (port 0); spans across queue hops, no PII.
        workersProject({
          name: "telemetry",
          include: ["test/telemetry/**/*.test.ts"],
          exclude: ["test/telemetry/unit/**"],
          wrangler: "./test/telemetry/wrangler.toml",
          d1Migrations,
          miniflare: ({ inject }) => {
            const receiver = inject<{ url: string; sentryDsn: string }>("telemetryReceiver");
            return {
              bindings: {
                TELEMETRY_RECEIVER_URL: receiver.url,
                OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
                OTEL_EXPORTER_OTLP_HEADERS: "x-otlp-api-key=otlp-test-key-4b1d",
                SENTRY_DSN: receiver.sentryDsn,
                SCRAPER_DEV_ALLOW_HOSTS: new URL(receiver.url).host,
              },
            };
          },
          globalSetup: ["test/telemetry/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        }),
        {
          // telemetry-unit (Node): telemetry's pure parts with hostile inputs (scrubbing, traceparent, settings,
          // OTLP encoding) and the deploy configuration check of the three wrangler.toml files.
          extends: true,
          test: {
            name: "telemetry-unit",
            environment: "node",
            include: ["test/telemetry/unit/**/*.test.ts"],
          },
        },
        {
          // load: autocannon (127.0.0.1 only) against the real local stack (API + scraper + embedder under one
          // wrangler dev on a free port, state under .wrangler/load-soak/): mixed dealer-site reads and staff
          // writes for LOAD_SOAK_SECONDS (default 20), zero 5xx / non-429 errors, stable RSS of the workerd running our Workers (after a warm-up).
          extends: true,
          test: {
            name: "load",
            environment: "node",
            include: ["test/load/**/*.test.ts"],
            testTimeout: 900_000,
          },
        },
        {
          // browser: the admin app (web/admin) in Debian's chromium driven by playwright-core, in Node, against
          // the REAL local stack started by globalSetup (demo dealer sites, API + scraper under wrangler dev,
          // the built app under vite preview). SKIPPED with the reason when /usr/bin/chromium is missing.
          extends: true,
          test: {
            name: "browser",
            environment: "node",
            include: ["test/browser/**/*.test.ts"],
            globalSetup: ["test/browser/support/global-setup.ts"],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 240_000,
          },
        },
      ],
    },
  };
});
