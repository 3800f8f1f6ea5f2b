/**
 * The vector-store contract (SPEC capability 5). Every adapter (Vectorize, Pinecone, Qdrant, local)
 * implements `VectorStore` and passes the one conformance suite in test/vector/.
 *
 * Tenancy: every call takes a `namespace` (the dealership id). Adapters keep namespaces apart with the
 * backend's own mechanism (Vectorize/Pinecone namespaces, a Qdrant payload filter on an indexed tenant
 * field, one local index per namespace); a query in one namespace never returns another's vectors.
 * Ids are the caller's (vehicle ids such as `veh_01j...`); adapters map them if the backend needs
 * another form (Qdrant: UUID) and always return the caller's id.
 *
 * Input rules every adapter enforces before writing (packages/vector/src/validate.ts), the intersection
 * of what the backends accept so data can always move between them:
 * - namespace: 1-64 bytes of [A-Za-z0-9_.:-]; id: 1-512 bytes, no NUL;
 * - values: exactly `limits.dimensions` finite numbers, not all zero;
 * - metadata: flat, values string | finite number | boolean; keys [A-Za-z0-9_-]{1,64}, not starting
 *   with "__" (reserved for adapters' own fields: `__id`, `__ns`); at most `limits.maxMetadataBytes`.
 * Values are stored as float32; cosine stores (Qdrant) return them unit-normalised, so callers should
 * store unit vectors (embedding models produce them) and compare directions, not raw magnitudes.
 * Consistency: local, Pinecone-local and Qdrant (wait=true) writes are visible when the call returns;
 * Vectorize's are asynchronous (visible seconds later), and the real Pinecone is eventually consistent.
 */

export type MetadataValue = string | number | boolean;
export type VectorMetadata = Record<string, MetadataValue>;

export interface VectorRecord {
  id: string;
  values: number[];
  metadata: VectorMetadata;
}

/**
 * Metadata filter: a conjunction over fields. A bare value means `$eq`. The operator set is the one
 * Vectorize, Pinecone and Qdrant all support. `$lt/$lte/$gt/$gte` take numbers; `$in/$nin` at most 100 values.
 */
export type FieldCondition =
  | MetadataValue
  | {
      $eq?: MetadataValue;
      $ne?: MetadataValue;
      $in?: MetadataValue[];
      $nin?: MetadataValue[];
      $lt?: number;
      $lte?: number;
      $gt?: number;
      $gte?: number;
    };
export type MetadataFilter = Record<string, FieldCondition>;

export interface QueryOptions {
  /** 1..limits.maxTopK */
  topK: number;
  filter?: MetadataFilter;
  /** Default false. */
  includeValues?: boolean;
  /** Default true. */
  includeMetadata?: boolean;
}

export interface VectorMatch {
  id: string;
  /** Cosine similarity in [-1, 1]; higher is nearer. */
  score: number;
  metadata?: VectorMetadata;
  values?: number[];
}

export interface VectorStoreStats {
  dimensions: number;
  /** Vectors in the namespace when one was asked for and the backend can count it, else in the index. */
  vectorCount: number;
  /** False when the backend cannot count one namespace (Vectorize) and `vectorCount` is the whole index. */
  exactForNamespace: boolean;
}

export interface VectorStoreLimits {
  dimensions: number;
  /** Largest batch the backend accepts per write call; `upsert` splits bigger inputs itself. */
  maxBatchUpsert: number;
  maxBatchDelete: number;
  maxTopK: number;
  maxMetadataBytes: number;
}

export interface VectorStore {
  /** "local" | "vectorize" | "pinecone" | "qdrant" */
  readonly kind: string;
  readonly limits: VectorStoreLimits;
  /** Creates or replaces by id. Validates every record first (dimension, finite values, metadata types): a bad record rejects the whole call with VectorStoreError("invalid_input") before anything is written. */
  upsert(namespace: string, records: VectorRecord[]): Promise<{ upserted: number }>;
  query(namespace: string, vector: number[], options: QueryOptions): Promise<VectorMatch[]>;
  /** The records with these ids in this namespace (missing ids are left out), values and metadata included. */
  get(namespace: string, ids: string[]): Promise<VectorRecord[]>;
  /** Deleting a missing id is not an error. Returns how many ids were asked to be deleted. */
  delete(namespace: string, ids: string[]): Promise<{ deleted: number }>;
  /** Deletes every vector in the namespace matching the filter (an empty filter: the whole namespace). */
  deleteByFilter(namespace: string, filter: MetadataFilter): Promise<{ deleted: number }>;
  stats(namespace?: string): Promise<VectorStoreStats>;
  /**
   * Ids in the namespace, in pages, where the backend can enumerate them (local, Pinecone, Qdrant).
   * Vectorize cannot: `list` is undefined there, and callers enumerate ids from the inventory instead.
   */
  list?(
    namespace: string,
    options: { cursor?: string | null; limit: number },
  ): Promise<{ ids: string[]; nextCursor: string | null }>;
}

export type VectorStoreErrorCode =
  | "invalid_input"
  | "dimension_mismatch"
  | "rate_limited"
  | "unavailable"
  | "not_found"
  | "unauthorized"
  | "backend_error";

/** Every adapter maps its vendor's errors to this one type. */
export class VectorStoreError extends Error {
  readonly code: VectorStoreErrorCode;
  readonly retryable: boolean;
  readonly store: string;
  constructor(
    store: string,
    code: VectorStoreErrorCode,
    message: string,
    options?: { retryable?: boolean; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VectorStoreError";
    this.store = store;
    this.code = code;
    this.retryable = options?.retryable ?? (code === "rate_limited" || code === "unavailable");
  }
}
