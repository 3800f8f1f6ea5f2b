import { createApp } from "./app";
import type { Bindings } from "./env";
import { runScheduleTick } from "./scheduled";

export { JobProgressObject as JobProgress } from "./progress/durable-object";
export { RateLimiterObject as RateLimiter } from "./ratelimit/durable-object";

const app = createApp();

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
  scheduled: runScheduleTick,
} satisfies ExportedHandler<Bindings>;
