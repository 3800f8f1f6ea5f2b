import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../../workers/api/src/app";
import { dealerStaff, platformAdmin } from "../../api/helpers/auth";
import { call } from "../../api/helpers/http";
import { METRICS_TOKEN } from "./support";

const REQUIRED = [
  "config",
  "database",
  "queue:scrape-jobs",
  "queue:embed-jobs",
  "durable_object:RateLimiter",
  "durable_object:JobProgress",
  "durable_object:MetricsAggregator",
  "vector_store",
  "llm_providers",
];

/** The API app against a modified environment (a binding removed or broken). */
async function readyWith(overrides: Record<string, unknown>) {
  const app = createApp();
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request("https://api.forecourt.test/v1/health/ready", {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    }),
    { ...(env as object), ...overrides } as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

describe("health: /v1/health stays shallow, /v1/health/ready checks every binding and provider", () => {
  it("/v1/health needs no credential and touches nothing", async () => {
    const res = await call("/v1/health");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok", version: "v1" });
  });

  it("ready: every required check ok, each with its latency; 200", async () => {
    const res = await call("/v1/health/ready", { token: METRICS_TOKEN });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status).toBe("ready");
    const byName = Object.fromEntries(res.body.checks.map((c: any) => [c.name, c]));
    for (const name of REQUIRED) {
      expect(byName[name], name).toMatchObject({ status: "ok", required: true });
      expect(Number.isInteger(byName[name].latencyMs)).toBe(true);
    }
    expect(byName.analytics_engine).toMatchObject({ status: "skipped", required: false });
    expect(byName.vector_store.detail.store).toBe("local");
    expect(byName.llm_providers.detail).toMatchObject({ chat: ["local"], embedding: "local" });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("ready needs the metrics token or a platform_admin", async () => {
    expect((await call("/v1/health/ready")).status).toBe(401);
    expect((await call("/v1/health/ready", { token: await dealerStaff("dlr_x") })).status).toBe(403);
    expect((await call("/v1/health/ready", { token: await platformAdmin() })).status).toBe(200);
  });

  it("503 naming the failed checks when a queue, a Durable Object or the database is missing", async () => {
    const noQueue = await readyWith({ EMBED_JOBS: undefined, METRICS_AGGREGATOR: undefined });
    expect(noQueue.status).toBe(503);
    expect(noQueue.body.status).toBe("not_ready");
    const failed = noQueue.body.checks.filter((c: any) => c.status === "fail").map((c: any) => c.name);
    expect(failed.sort()).toEqual(["durable_object:MetricsAggregator", "queue:embed-jobs"]);

    const noDb = await readyWith({ DB: undefined });
    expect(noDb.status).toBe(503);
    const byName = Object.fromEntries(noDb.body.checks.map((c: any) => [c.name, c]));
    expect(byName.config.status).toBe("fail");
    expect(byName.config.error).toContain("DB");
    expect(byName.database.status).toBe("fail");
    expect(byName["queue:scrape-jobs"].status).toBe("ok");

    const badAi = await readyWith({ VECTOR_STORE: "pinecone" });
    expect(badAi.status).toBe(503);
    const ai = Object.fromEntries(badAi.body.checks.map((c: any) => [c.name, c]));
    expect(ai.vector_store.status).toBe("fail");
    expect(ai.llm_providers.status).toBe("fail");
  });
});
