// The bench Worker: the real API Worker (imported, not copied) plus bench-only routes under /__bench,
// served by ONE `wrangler dev`, so the middleware comparison and the database measurements share the
// runtime, the bindings and the local state of the real thing.
//   /__bench/bare/...   bare Hono routes (no middleware) returning what the API routes return
//   /__bench/search     a repository search (D1 or Postgres via Hyperdrive), optionally recording its SQL
//   /__bench/raw        the recorded SQL replayed straight on the driver
//   /__bench/ingest     bulk load through the repository (D1)
// A request with `X-Bench-Stack: memory-limiter` is served by the same API app built with the in-memory
// rate limiter instead of the Durable Object (createApp's own option), to show what the DO hop costs.
import { createApp } from "../../workers/api/src/app";
import api from "../../workers/api/src/index";
import { MemoryRateLimiter } from "../../workers/api/src/ratelimit/interface";
import { bareApp } from "./bare";
import { benchApp } from "./routes";

export * from "../../workers/api/src/index";

const memoryLimiter = new MemoryRateLimiter();
const memoryLimitedApi = createApp({ rateLimiter: () => memoryLimiter });

type Env = Record<string, unknown>;

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/__bench/bare/")) return bareApp.fetch(request, env, ctx);
    if (path.startsWith("/__bench/")) return benchApp.fetch(request, env, ctx);
    if (request.headers.get("x-bench-stack") === "memory-limiter")
      return memoryLimitedApi.fetch(request, env as never, ctx);
    return (api as unknown as ExportedHandler<Env>).fetch!(request as never, env, ctx);
  },
} satisfies ExportedHandler<Env>;
