// Bench Worker for the AI suites (bench/suites/embedder.ts, bench/suites/chat-ttft.ts): the REAL API Worker's
// fetch handler and Durable Objects and the REAL embedder's queue handler in one workerd Worker (as
// test/embedder does), with the API's bindings and the embed-jobs consumer (bench/suites/embedder-stack.ts
// writes its config). One bench-only route:
//   GET /__bench/vector-stats?ns=<dealership id>   vectors in that dealership's namespace of the local store
//   GET /__bench/embedded?ns=<dealership id>       vehicles the embedder has recorded as stored (D1
//                                                  vector_documents, written after each upsert): polled
//                                                  instead of the store, so polling never queues behind it
import { buildVectorStore } from "../../packages/providers/src/vectors";
import api from "../../workers/api/src/index";
import embedder from "../../workers/embedder/src/index";

// Every Durable Object class the API binds (whatever wrangler.toml lists).
export * from "../../workers/api/src/index";

interface Env {
  DB: D1Database;
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
    if (url.pathname === "/__bench/embedded") {
      const row = await env.DB.prepare("SELECT count(*) AS n FROM vector_documents WHERE dealership_id = ?")
        .bind(url.searchParams.get("ns") ?? "")
        .first<{ n: number }>();
      return Response.json({ count: row?.n ?? 0 });
    }
    return api.fetch!(request as never, env as never, ctx);
  },
  queue: embedder.queue as never,
} satisfies ExportedHandler<Env>;
