import type { AiConfig, VectorStoreConfig } from "@forecourt/config";
import { createVectorStore, type VectorStore, type VectorStoreOptions } from "@forecourt/vector";

/**
 * A name for a vector store in a migration or a log: a configured kind (`local`, `vectorize`,
 * `pinecone`, `qdrant`) or `local:<index>`, another index of the local store (one Durable Object per
 * index and namespace).
 */
export const VECTOR_STORE_NAME = /^(?:local(?::[A-Za-z0-9_-]{1,64})?|vectorize|pinecone|qdrant)$/;

/**
 * Identifies the store instance in the embedder's bookkeeping (`vector_documents.store_key`): two
 * configurations that reach different data have different keys, so switching stores starts from nothing.
 */
export function storeKeyOf(store: VectorStoreConfig): string {
  switch (store.kind) {
    case "local":
      return `local:${store.indexName}`;
    case "vectorize":
      return "vectorize";
    case "pinecone":
      return `pinecone:${store.indexHost}`;
    case "qdrant":
      return `qdrant:${store.url.replace(/\/+$/, "")}/${store.collection}`;
  }
}

/** The settings of a store by name (see VECTOR_STORE_NAME), or null when this deployment has none. */
export function vectorStoreConfigByName(ai: AiConfig, name: string): VectorStoreConfig | null {
  if (!VECTOR_STORE_NAME.test(name)) return null;
  const [kind, index] = name.split(":") as [VectorStoreConfig["kind"], string | undefined];
  const base = ai.vectorStores[kind] ?? null;
  if (!base) return null;
  if (base.kind === "local" && index !== undefined) return { ...base, indexName: index };
  return base;
}

/** The name of the configured store (VECTOR_STORE). */
export function vectorStoreName(store: VectorStoreConfig): string {
  return store.kind;
}

/**
 * A Durable Object namespace whose object names are prefixed with the index name: several local indexes
 * (the default `vehicles`, a migration target `local:shadow`, ...) share the one VECTOR_INDEX binding.
 */
function prefixed(ns: DurableObjectNamespace, index: string): DurableObjectNamespace {
  return {
    idFromName: (name: string) => ns.idFromName(`${index}/${name}`),
    idFromString: (id: string) => ns.idFromString(id),
    newUniqueId: (opts?: DurableObjectNamespaceNewUniqueIdOptions) => ns.newUniqueId(opts),
    get: (id: DurableObjectId, opts?: DurableObjectNamespaceGetDurableObjectOptions) => ns.get(id, opts),
    getByName: (name: string, opts?: DurableObjectNamespaceGetDurableObjectOptions) =>
      ns.get(ns.idFromName(`${index}/${name}`), opts),
    jurisdiction: (j: DurableObjectJurisdiction) => prefixed(ns.jurisdiction(j), index),
  } as unknown as DurableObjectNamespace;
}

/**
 * Builds the adapter for a store's settings, for vectors of `dimensions` (the embedding model's).
 * `options.fetch` reaches the Pinecone adapter only: @qdrant/js-client-rest has no fetch option (it calls the
 * global fetch) and the local and Vectorize stores are bindings, so there is nothing to pass it to.
 */
export function buildVectorStore(
  store: VectorStoreConfig,
  dimensions: number,
  options: { fetch?: typeof fetch } = {},
): VectorStore {
  let opts: VectorStoreOptions;
  switch (store.kind) {
    case "local":
      opts = { kind: "local", binding: prefixed(store.namespace, store.indexName) as never, dimensions };
      break;
    case "vectorize":
      opts = { kind: "vectorize", binding: store.index, dimensions };
      break;
    case "pinecone":
      opts = {
        kind: "pinecone",
        apiKey: store.apiKey,
        indexHost: store.indexHost,
        dimensions,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      };
      break;
    case "qdrant":
      opts = {
        kind: "qdrant",
        url: store.url,
        ...(store.apiKey ? { apiKey: store.apiKey } : {}),
        collection: store.collection,
        dimensions,
      };
      break;
  }
  return createVectorStore(opts);
}
