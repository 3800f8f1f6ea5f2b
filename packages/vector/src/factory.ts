import { LocalVectorStore, type LocalVectorStoreOptions } from "./local/adapter";
import { PineconeVectorStore, type PineconeVectorStoreOptions } from "./pinecone/adapter";
import { QdrantVectorStore, type QdrantVectorStoreOptions } from "./qdrant/adapter";
import type { VectorStore } from "./types";
import { VectorizeVectorStore, type VectorizeVectorStoreOptions } from "./vectorize/adapter";

export type VectorStoreOptions =
  | LocalVectorStoreOptions
  | VectorizeVectorStoreOptions
  | PineconeVectorStoreOptions
  | QdrantVectorStoreOptions;

export type VectorStoreKind = VectorStoreOptions["kind"];
export const VECTOR_STORE_KINDS: readonly VectorStoreKind[] = ["local", "vectorize", "pinecone", "qdrant"];

/** The one place a vector store is chosen: by `options.kind` (configuration), never by callers' code. */
export function createVectorStore(options: VectorStoreOptions): VectorStore {
  switch (options.kind) {
    case "local":
      return new LocalVectorStore(options);
    case "vectorize":
      return new VectorizeVectorStore(options);
    case "pinecone":
      return new PineconeVectorStore(options);
    case "qdrant":
      return new QdrantVectorStore(options);
    default:
      throw new Error(`unknown vector store kind ${JSON.stringify((options as { kind?: unknown }).kind)}`);
  }
}
