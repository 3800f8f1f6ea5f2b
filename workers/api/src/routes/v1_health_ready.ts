import { createRoute, z } from "@hono/zod-openapi";
import type { App } from "../env";
import { openApiErrorResponses } from "../lib/errors";
import { bearerSecurity } from "../lib/route";
import { requireOperator } from "../metrics/operator-auth";
import { readiness } from "../metrics/readiness";

const Check = z
  .object({
    name: z.string(),
    required: z.boolean(),
    status: z.enum(["ok", "fail", "skipped"]),
    latencyMs: z.number().int(),
    detail: z.record(z.string(), z.unknown()).optional(),
    error: z.string().optional(),
  })
  .openapi("ReadinessCheck");

const Readiness = z
  .object({ status: z.enum(["ready", "not_ready"]), checks: z.array(Check) })
  .openapi("Readiness");

const route = createRoute({
  tags: ["meta"],
  operationId: "readiness",
  method: "get",
  path: "/v1/health/ready",
  summary: "Deep readiness: every binding and provider, with per-check status and latency (operators)",
  description:
    "Authorization: Bearer <METRICS_TOKEN> or a platform_admin JWT. 503 when any required check fails. /v1/health stays the shallow liveness check.",
  security: bearerSecurity,
  responses: {
    200: {
      description: "Every required check passed.",
      content: { "application/json": { schema: Readiness } },
    },
    503: { description: "A required check failed.", content: { "application/json": { schema: Readiness } } },
    ...openApiErrorResponses,
  },
});

export const registerV1HealthReady = (app: App) =>
  app.openapi(route, async (c) => {
    await requireOperator(c);
    const { ready, checks } = await readiness(c.env);
    const log = c.get("logger");
    if (!ready)
      log.warn("readiness failed", { failed: checks.filter((x) => x.status === "fail").map((x) => x.name) });
    c.header("cache-control", "no-store");
    return ready
      ? c.json({ status: "ready" as const, checks }, 200)
      : c.json({ status: "not_ready" as const, checks }, 503);
  });
