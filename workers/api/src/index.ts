import { loadConfig } from "@forecourt/config";
import { instrumentDurableObject, instrumentWorker } from "@forecourt/telemetry";
import { VectorIndexObject } from "@forecourt/vector/durable-object";
import { type AlertRunEnv, scheduledAlerts } from "../../scraper/src/alerts";
import { createApp } from "./app";
import type { Bindings } from "./env";
import { MetricsAggregatorObject } from "./metrics/durable-object";
import { JobProgressObject } from "./progress/durable-object";
import { RateLimiterObject } from "./ratelimit/durable-object";
import { runScheduleTick } from "./scheduled";

// The API's Durable Objects, exported under their wrangler class_name, each reporting unexpected errors of
// its fetch / RPC / alarm / WebSocket handlers to Sentry with the object's context (packages/telemetry).
const service = "forecourt-api";
// The local vector store (VECTOR_STORE=local): one object per index and dealership (binding VECTOR_INDEX).
export const VectorIndex = instrumentDurableObject(VectorIndexObject, { service, className: "VectorIndex" });
export const MetricsAggregator = instrumentDurableObject(MetricsAggregatorObject, {
  service,
  className: "MetricsAggregator",
});
export const JobProgress = instrumentDurableObject(JobProgressObject, { service, className: "JobProgress" });
export const RateLimiter = instrumentDurableObject(RateLimiterObject, { service, className: "RateLimiter" });

const app = createApp();

/**
 * The API's scheduled handler: never fired in production (the API declares no cron; the scraper's cron
 * runs both steps there), it is what `wrangler dev --test-scheduled` exposes locally (/__scheduled on the
 * first Worker), so `npm start` drives the schedule tick AND the alert rules through it, like the
 * scraper's cron: the alert step runs beside the tick (waitUntil) and neither can fail the other.
 */
function scheduled(controller: ScheduledController, env: Bindings, ctx: ExecutionContext) {
  const config = loadConfig(env);
  ctx.waitUntil(
    scheduledAlerts(env as unknown as AlertRunEnv, {
      logLevel: config.logLevel,
      db: config.db,
      now: new Date(controller.scheduledTime),
      worker: "api",
    }),
  );
  return runScheduleTick(controller, env, ctx);
}

const worker = {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled,
} satisfies ExportedHandler<Bindings>;

// Tracing and error reporting (packages/telemetry): configured by env, off when unset.
export default instrumentWorker(worker, { service });
