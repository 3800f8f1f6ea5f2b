import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { createRepositories } from "@forecourt/db";
import { createLogger } from "@forecourt/observability";
import { describe, expect, inject, it } from "vitest";
import { createApp } from "../../../workers/api/src/app";
import { runAlertTick } from "../../../workers/scraper/src/alerts";
import { platformAdmin } from "../../api/helpers/auth";
import { call } from "../../api/helpers/http";
import { captureLogs, METRICS_TOKEN, sleep } from "./support";

const { receivers } = inject("observabilityServers");
const rand = (n: number) => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => chars[b % 62]).join("");
};
const b64url = (s: string) => btoa(s).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");

describe("secrets never reach a log line, through every logging path of the Workers", () => {
  it("API requests, queue consumers (scraper, embedder, dead letters), readiness and alert delivery", async () => {
    const adminJwt = await platformAdmin(`ops-${rand(6)}`);
    const forgedJwt = `${b64url('{"alg":"HS256"}')}.${b64url(`{"sub":"x${rand(8)}"}`)}.${rand(43)}`;
    const apiKey = `fc_pk_${rand(40)}`;
    const anthropic = `sk-ant-api03-${rand(60)}`;
    const openai = `sk-proj-${rand(48)}`;
    const dbPassword = `pw${rand(20)}`;
    const slackPath = `T${rand(8)}/B${rand(8)}/${rand(24)}`;
    const hookToken = rand(32);
    const qdrantKey = rand(40);
    const secrets = [
      adminJwt,
      forgedJwt,
      apiKey,
      anthropic,
      openai,
      dbPassword,
      slackPath,
      hookToken,
      qdrantKey,
    ];
    const jobId = `job_secret_${rand(10)}`;
    const embedDealer = `dlr_secret_${rand(10)}`;

    const { lines } = await captureLogs(async (live) => {
      // API: a valid operator token, a forged token, a made-up publishable key, a JWT as X-Request-Id.
      expect((await call("/v1/dealerships", { token: adminJwt })).status).toBe(200);
      expect((await call("/v1/dealerships", { token: forgedJwt })).status).toBe(401);
      expect((await call("/v1/public/vehicles", { apiKey })).status).toBe(401);
      expect(
        (
          await call("/v1/health", {
            headers: { "X-Request-Id": forgedJwt, Authorization: `Bearer ${anthropic}` },
          })
        ).status,
      ).toBe(200);
      expect((await call(`/v1/no-route?token=${hookToken}`, { token: adminJwt })).status).toBe(404);
      expect((await call("/metrics", { token: openai })).status).toBe(401);

      // Queue consumers: messages that carry credentials where ids should be.
      const q = env as unknown as { SCRAPE_JOBS: Queue; EMBED_JOBS: Queue };
      await q.SCRAPE_JOBS.send({
        v: 1,
        type: "reconcile",
        jobId,
        dealershipId: "dlr_nope",
        requestId: anthropic,
        authorization: `Bearer ${adminJwt}`,
      });
      await q.EMBED_JOBS.send({
        type: "vehicle.changed",
        dealershipId: embedDealer,
        vehicleIds: [openai],
        requestId: openai,
        apiKey,
      });
      // Wait until both consumers have logged about them.
      const started = Date.now();
      while (Date.now() - started < 30_000) {
        const seen = live;
        if (seen.some((l) => l.includes(jobId)) && seen.some((l) => l.includes(embedDealer))) break;
        await sleep(50);
      }

      // Readiness with secrets in provider settings that fail.
      const app = createApp();
      const ctx = createExecutionContext();
      const res = await app.fetch(
        new Request("https://api.forecourt.test/v1/health/ready", {
          headers: { authorization: `Bearer ${METRICS_TOKEN}` },
        }),
        {
          ...(env as object),
          VECTOR_STORE: "qdrant",
          // A Qdrant that answers 500 (an unreachable one makes the SDK leave an unhandled rejection behind).
          QDRANT_URL: `${receivers.replace("http://", `http://admin:${dbPassword}@`)}/fail/qdrant`,
          QDRANT_API_KEY: qdrantKey,
          NEON_DATABASE_URL: `postgres://forecourt:${dbPassword}@127.0.0.1:1/app`,
        } as never,
        ctx,
      );
      const body = await res.text();
      await waitOnExecutionContext(ctx);
      for (const s of secrets) expect(body).not.toContain(s);

      // Alert delivery to channels that fail, with credentials in their URLs.
      const repos = createRepositories({ driver: "d1", d1: (env as unknown as { DB: D1Database }).DB });
      await runAlertTick(
        {
          ...(env as object),
          ALERT_SLACK_WEBHOOK_URL: `${receivers}/fail/services/${slackPath}`,
          ALERT_WEBHOOK_URL: `http://127.0.0.1:1/hook?token=${hookToken}`,
          ALERT_PAGERDUTY_ROUTING_KEY: "short-and-wrong",
        } as never,
        repos,
        createLogger("debug", { worker: "scraper" }),
      );
      await repos.close();
    });

    expect(lines.some((l) => l.includes(jobId))).toBe(true);
    expect(lines.some((l) => l.includes(embedDealer))).toBe(true);
    expect(
      lines.some((l) => l.includes("alerts evaluated") || l.includes("alert configuration problems")),
    ).toBe(true);
    const all = lines.join("\n");
    for (const s of secrets) expect(all, `a secret (${s.slice(0, 10)}…) reached the logs`).not.toContain(s);
    expect(all).toContain("[REDACTED]");
  });
});
