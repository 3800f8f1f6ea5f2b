import { env } from "cloudflare:workers";
import { createVectorStore, type VectorStore } from "@forecourt/vector";
import { VectorizeStandIn } from "../../support/vendors/vectorize-standin";

export const DIMS = 8;
export const PINECONE_INDEX = "forecourt-test";

export const testEnv = env as unknown as {
  VECTOR_INDEX: DurableObjectNamespace;
  PINECONE_URL: string;
  QDRANT_URL: string;
};

/** Cases of the conformance suite an adapter may skip (with the reason). */
export type CaseName = "list" | "errors.429" | "errors.5xx" | "errors.401";

export interface StoreHarness {
  name: string;
  store: VectorStore;
  /** Waits until accepted writes are visible (Vectorize's mutations are asynchronous). */
  settle(): Promise<void>;
  /** Makes the backend's next call(s) fail with this HTTP status. */
  injectFailure?(status: 429 | 500 | 401): Promise<void>;
  skip: Partial<Record<CaseName, string>>;
}

const rand = () => crypto.randomUUID().replace(/-/g, "").slice(0, 12);

export function localHarness(): StoreHarness {
  return {
    name: "local",
    store: createVectorStore({ kind: "local", binding: testEnv.VECTOR_INDEX as never, dimensions: DIMS }),
    settle: async () => {},
    skip: {
      "errors.429": "no vendor: the local store has no rate limits (its own failures map to `unavailable`)",
      "errors.5xx": "no vendor HTTP: the Durable Object is called by RPC",
      "errors.401": "no credentials: the binding is the authorisation",
    },
  };
}

export const VECTORIZE_METADATA_INDEXES = ["make", "price", "awd", "year", "kind"];

export function vectorizeHarness(): StoreHarness & { standin: VectorizeStandIn } {
  const standin = new VectorizeStandIn({
    dimensions: DIMS,
    metadataIndexes: [
      { propertyName: "make", indexType: "string" },
      { propertyName: "price", indexType: "number" },
      { propertyName: "awd", indexType: "boolean" },
      { propertyName: "year", indexType: "number" },
      { propertyName: "kind", indexType: "string" },
    ],
    mutationDelayMs: 5,
  });
  return {
    name: "vectorize",
    standin,
    store: createVectorStore({
      kind: "vectorize",
      binding: standin,
      dimensions: DIMS,
      metadataIndexes: VECTORIZE_METADATA_INDEXES,
      pollIntervalMs: 10,
      mutationTimeoutMs: 5_000,
    }),
    settle: () => standin.flush(),
    injectFailure: async (status) => {
      standin.failNext(
        status === 429
          ? new Error("VECTOR_QUERY_ERROR (code = 429): too many requests, rate limit exceeded")
          : new Error("VECTOR_QUERY_ERROR (code = 50000): internal error"),
      );
    },
    skip: {
      list: "Vectorize's binding cannot enumerate ids (the migration enumerates from the inventory)",
      "errors.401": "no credentials: a Workers binding is authorised by the platform",
    },
  };
}

export function pineconeHarness(): StoreHarness {
  const apiKey = `pk-test-${rand()}`;
  return {
    name: "pinecone",
    // No indexHost: the SDK resolves it with the control plane's describe index call.
    store: createVectorStore({
      kind: "pinecone",
      apiKey,
      indexName: PINECONE_INDEX,
      dimensions: DIMS,
      controllerHostUrl: testEnv.PINECONE_URL,
      maxRetries: 1,
    }),
    settle: async () => {},
    injectFailure: (status) =>
      control(testEnv.PINECONE_URL, { apiKey, status, count: status === 500 ? 2 : 1 }),
    skip: {},
  };
}

export function qdrantHarness(collection = `c_${rand()}`): StoreHarness {
  const apiKey = `qk-test-${rand()}`;
  return {
    name: "qdrant",
    store: createVectorStore({
      kind: "qdrant",
      url: testEnv.QDRANT_URL,
      apiKey,
      collection,
      dimensions: DIMS,
    }),
    settle: async () => {},
    injectFailure: (status) =>
      control(testEnv.QDRANT_URL, { apiKey, status, count: 1, retryAfter: status === 429 ? "1" : undefined }),
    skip: {},
  };
}

async function control(base: string, body: unknown) {
  const res = await fetch(`${base}/__control/fail`, { method: "POST", body: JSON.stringify(body) });
  if (res.status !== 204) throw new Error(`control call failed: ${res.status}`);
}

export const newNamespace = () => `t${rand()}`;
