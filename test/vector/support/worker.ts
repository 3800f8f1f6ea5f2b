// Test Worker of the `vector` project: exports the local store's Durable Object under the class name the
// API Worker uses. The tests drive the adapters directly (they run inside this Worker's isolate).
export { VectorIndexObject as VectorIndex } from "@forecourt/vector/durable-object";

export default {
  async fetch() {
    return new Response("forecourt vector test worker");
  },
} satisfies ExportedHandler;
