// Bench Worker for `bench/suites/vector-local.ts`: hosts the local vector store's Durable Object
// (`VectorIndex`, as the API Worker does) and drives it through the real adapter.
//   POST /seed   {namespace, start, count, dims, seed}  generates vectors here and upserts them
//   POST /query  {namespace, dims, seed, query, topK}   one query; returns ids and the RPC time
//   GET  /ping                                           HTTP round-trip baseline
import { LocalVectorStore } from "../../packages/vector/src/local/adapter";
import { syntheticVector } from "./vector-local-data";

export { VectorIndexObject as VectorIndex } from "../../packages/vector/src/local/durable-object";

interface Env {
  VECTOR_INDEX: DurableObjectNamespace;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ping") return Response.json({ ok: true });
    const body = (await request.json()) as {
      namespace: string;
      dims: number;
      seed: number;
      start?: number;
      count?: number;
      query?: number;
      topK?: number;
    };
    const store = new LocalVectorStore({
      kind: "local",
      binding: env.VECTOR_INDEX as never,
      dimensions: body.dims,
    });
    if (url.pathname === "/seed") {
      const records = [];
      for (let i = body.start!; i < body.start! + body.count!; i++) {
        records.push({
          id: `v${i}`,
          values: Array.from(syntheticVector(body.dims, body.seed, i)),
          metadata: { i, make: i % 7 === 0 ? "ford" : "other" },
        });
      }
      await store.upsert(body.namespace, records);
      return Response.json({ upserted: records.length });
    }
    if (url.pathname === "/query") {
      const q = Array.from(syntheticVector(body.dims, body.seed, body.query!, 1));
      const t = Date.now();
      const matches = await store.query(body.namespace, q, { topK: body.topK!, includeMetadata: false });
      return Response.json({ ids: matches.map((m) => m.id), rpcMs: Date.now() - t });
    }
    return new Response("not found", { status: 404 });
  },
};
