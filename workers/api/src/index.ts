import { instrumentWorker } from "@forecourt/telemetry";
import { createApp } from "./app";
import type { Bindings } from "./env";
import { runScheduleTick } from "./scheduled";

// The local vector store (VECTOR_STORE=local): one object per index and dealership (binding VECTOR_INDEX).
export { VectorIndexObject as VectorIndex } from "@forecourt/vector/durable-object";
export { MetricsAggregatorObject as MetricsAggregator } from "./metrics/durable-object";
export { JobProgressObject as JobProgress } from "./progress/durable-object";
export { RateLimiterObject as RateLimiter } from "./ratelimit/durable-object";

const app = createApp();

const worker = {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled: runScheduleTick,
} satisfies ExportedHandler<Bindings>;

// Tracing and error reporting (packages/telemetry): configured by env, off when unset.
export default instrumentWorker(worker, { service: "forecourt-api" });
