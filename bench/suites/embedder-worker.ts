// Bench Worker for the AI suites (bench/suites/embedder.ts, bench/suites/chat-ttft.ts): the REAL API Worker's
// fetch handler and Durable Objects and the REAL embedder's queue handler in one workerd Worker (as
// test/embedder does), with the API's bindings and the embed-jobs consumer (bench/suites/embedder-stack.ts
// writes its config). One bench-only route:
//   GET /__bench/vector-stats?ns=<dealership id>   vectors in that dealership's namespace of the local store
import { buildVectorStore } from "../../packages/providers/src/vectors";
import api from "../../workers/api/src/index";
import embedder from "../../workers/embedder/src/index";

export { JobProgress, RateLimiter, VectorIndex } from "../../workers/api/src/index";

interface Env {
  VECTOR_INDEX: DurableObjectNamespace;
  VECTOR_LOCAL_INDEX_NAME?: string;
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__bench/vector-stats") {
      const store = buildVectorStore(
        { kind: "local", namespace: env.VECTOR_INDEX, indexName: env.VECTOR_LOCAL_INDEX_NAME ?? "vehicles" },
        384,
      );
      const stats = await store.stats(url.searchParams.get("ns") ?? "");
      return Response.json(stats);
    }
    return api.fetch!(request as never, env as never, ctx);
  },
  queue: embedder.queue as never,
} satisfies ExportedHandler<Env>;
