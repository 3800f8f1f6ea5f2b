export {
  createVectorStore,
  VECTOR_STORE_KINDS,
  type VectorStoreKind,
  type VectorStoreOptions,
} from "./factory";
export { matchesFilter } from "./filter-eval";
export { LocalVectorStore, type LocalVectorStoreOptions } from "./local/adapter";
export { cosine, QuantizedIndex } from "./local/quantized-index";
export * from "./migrate";
export { PineconeVectorStore, type PineconeVectorStoreOptions } from "./pinecone/adapter";
export { QdrantVectorStore, type QdrantVectorStoreOptions } from "./qdrant/adapter";
export * from "./types";
export { VectorizeVectorStore, type VectorizeVectorStoreOptions } from "./vectorize/adapter";
// The Durable Object class is exported from "@forecourt/vector/durable-object" (it imports cloudflare:workers).
