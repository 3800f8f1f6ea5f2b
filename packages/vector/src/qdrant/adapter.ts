import { QdrantClient } from "@qdrant/js-client-rest";
import type {
  MetadataFilter,
  QueryOptions,
  VectorMatch,
  VectorMetadata,
  VectorRecord,
  VectorStore,
  VectorStoreLimits,
  VectorStoreStats,
} from "../types";
import { VectorStoreError } from "../types";
import {
  chunk,
  invalid,
  uniqueIds,
  validateFilter,
  validateIds,
  validateNamespace,
  validateQuery,
  validateRecords,
} from "../validate";
import { ID_FIELD, TENANT_FIELD, toQdrantFilter } from "./filter";
import { pointId } from "./ids";

export interface QdrantVectorStoreOptions {
  kind: "qdrant";
  /** e.g. https://xyz.cloud.qdrant.io:6333 */
  url: string;
  apiKey?: string;
  /** One collection holds every tenant; created on first use (cosine, `dimensions`) if missing. */
  collection: string;
  dimensions: number;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
}

const STORE = "qdrant";
/** Our own batch sizes: Qdrant's REST limit is the 32 MiB request body; 500 x 1536 floats stays well below. */
export const QDRANT_LIMITS = {
  maxBatchUpsert: 500,
  maxBatchDelete: 1000,
  maxTopK: 100,
  maxMetadataBytes: 10_240,
};

type Payload = Record<string, unknown>;
interface Point {
  id: string | number;
  score?: number;
  payload?: Payload | null;
  vector?: unknown;
}

/**
 * The Qdrant adapter (`@qdrant/js-client-rest`, REST). One collection; the tenant is the payload field
 * `__ns`, indexed as a keyword with `is_tenant: true`, and every read, query, count, scroll and delete
 * carries it in its filter. Point ids are UUID v5 of (namespace, id) (ids.ts); the caller's id is the
 * payload field `__id`. Writes use `wait: true`, so they are visible when the call returns.
 */
export class QdrantVectorStore implements VectorStore {
  readonly kind = "qdrant";
  readonly limits: VectorStoreLimits;
  private readonly client: QdrantClient;
  private readonly collection: string;
  private ready: Promise<void> | null = null;

  constructor(options: QdrantVectorStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 65_536) {
      throw invalid(STORE, "dimensions must be a positive integer");
    }
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(options.collection))
      throw invalid(STORE, "collection must match [A-Za-z0-9_-]{1,255}");
    this.collection = options.collection;
    this.limits = { dimensions: options.dimensions, ...QDRANT_LIMITS };
    this.client = new QdrantClient({
      url: options.url,
      apiKey: options.apiKey,
      timeout: options.timeoutMs ?? 10_000,
      checkCompatibility: false,
    });
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapQdrantError(what, e);
    }
  }

  /** Creates the collection and the tenant index when missing (once per instance). */
  private ensure(): Promise<void> {
    this.ready ??= this.run("ensure collection", async () => {
      const { exists } = await this.client.collectionExists(this.collection);
      if (!exists) {
        await this.client.createCollection(this.collection, {
          vectors: { size: this.limits.dimensions, distance: "Cosine" },
        });
      } else {
        const info = await this.client.getCollection(this.collection);
        const size = (info.config?.params?.vectors as { size?: number } | undefined)?.size;
        if (size !== undefined && size !== this.limits.dimensions) {
          throw new VectorStoreError(
            STORE,
            "dimension_mismatch",
            `collection ${this.collection} holds ${size}-dimension vectors, configured ${this.limits.dimensions}`,
          );
        }
      }
      await this.client.createPayloadIndex(this.collection, {
        field_name: TENANT_FIELD,
        field_schema: { type: "keyword", is_tenant: true },
        wait: true,
      });
    }).catch((e) => {
      this.ready = null;
      throw e;
    });
    return this.ready;
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<{ upserted: number }> {
    validateNamespace(STORE, namespace);
    validateRecords(STORE, records, this.limits);
    if (records.length === 0) return { upserted: 0 };
    await this.ensure();
    const points = await Promise.all(
      records.map(async (r) => ({
        id: await pointId(namespace, r.id),
        vector: Array.from(r.values),
        payload: { ...(r.metadata ?? {}), [TENANT_FIELD]: namespace, [ID_FIELD]: r.id },
      })),
    );
    for (const part of chunk(points, this.limits.maxBatchUpsert)) {
      await this.run("upsert", () => this.client.upsert(this.collection, { wait: true, points: part }));
    }
    return { upserted: records.length };
  }

  async query(namespace: string, vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    validateNamespace(STORE, namespace);
    validateQuery(STORE, vector, options, this.limits);
    await this.ensure();
    const includeMetadata = options.includeMetadata ?? true;
    const includeValues = options.includeValues ?? false;
    const res = await this.run("query", () =>
      this.client.query(this.collection, {
        query: Array.from(vector),
        limit: options.topK,
        filter: toQdrantFilter(namespace, options.filter) as never,
        with_payload: true,
        with_vector: includeValues,
      }),
    );
    return (res.points as Point[]).flatMap((p) => {
      const payload = p.payload ?? {};
      if (payload[TENANT_FIELD] !== namespace || typeof payload[ID_FIELD] !== "string") return [];
      const m: VectorMatch = { id: payload[ID_FIELD] as string, score: p.score ?? 0 };
      if (includeMetadata) m.metadata = userMetadata(payload);
      if (includeValues && Array.isArray(p.vector)) m.values = p.vector as number[];
      return [m];
    });
  }

  async get(namespace: string, ids: string[]): Promise<VectorRecord[]> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    const unique = uniqueIds(ids);
    if (unique.length === 0) return [];
    await this.ensure();
    const byPoint = new Map<string, string>();
    for (const id of unique) byPoint.set(await pointId(namespace, id), id);
    const found = new Map<string, VectorRecord>();
    for (const part of chunk([...byPoint.keys()], 1000)) {
      const points = (await this.run("retrieve", () =>
        this.client.retrieve(this.collection, { ids: part, with_payload: true, with_vector: true }),
      )) as Point[];
      for (const p of points) {
        const payload = p.payload ?? {};
        if (payload[TENANT_FIELD] !== namespace) continue;
        const id = payload[ID_FIELD] as string;
        found.set(id, { id, values: p.vector as number[], metadata: userMetadata(payload) });
      }
    }
    return unique.filter((id) => found.has(id)).map((id) => found.get(id)!);
  }

  async delete(namespace: string, ids: string[]): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    if (ids.length === 0) return { deleted: 0 };
    await this.ensure();
    const points = await Promise.all(uniqueIds(ids).map((id) => pointId(namespace, id)));
    for (const part of chunk(points, this.limits.maxBatchDelete)) {
      // has_id AND the tenant: even a forged point id cannot reach another namespace.
      await this.run("delete", () =>
        this.client.delete(this.collection, {
          wait: true,
          filter: { must: [{ has_id: part }, { key: TENANT_FIELD, match: { value: namespace } }] },
        }),
      );
    }
    return { deleted: ids.length };
  }

  async deleteByFilter(namespace: string, filter: MetadataFilter): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateFilter(STORE, filter);
    await this.ensure();
    const qf = toQdrantFilter(namespace, filter) as never;
    const { count } = await this.run("count", () =>
      this.client.count(this.collection, { filter: qf, exact: true }),
    );
    if (count > 0)
      await this.run("delete", () => this.client.delete(this.collection, { wait: true, filter: qf }));
    return { deleted: count };
  }

  async stats(namespace?: string): Promise<VectorStoreStats> {
    await this.ensure();
    if (namespace === undefined) {
      const info = await this.run("collection info", () => this.client.getCollection(this.collection));
      return {
        dimensions: this.limits.dimensions,
        vectorCount: info.points_count ?? 0,
        exactForNamespace: false,
      };
    }
    validateNamespace(STORE, namespace);
    const { count } = await this.run("count", () =>
      this.client.count(this.collection, {
        filter: toQdrantFilter(namespace, undefined) as never,
        exact: true,
      }),
    );
    return { dimensions: this.limits.dimensions, vectorCount: count, exactForNamespace: true };
  }

  async list(namespace: string, options: { cursor?: string | null; limit: number }) {
    validateNamespace(STORE, namespace);
    if (!Number.isInteger(options?.limit) || options.limit < 1 || options.limit > 1000) {
      throw invalid(STORE, "limit must be an integer in 1..1000");
    }
    await this.ensure();
    const res = await this.run("scroll", () =>
      this.client.scroll(this.collection, {
        filter: toQdrantFilter(namespace, undefined) as never,
        limit: options.limit,
        ...(options.cursor ? { offset: options.cursor } : {}),
        with_payload: [ID_FIELD],
        with_vector: false,
      }),
    );
    const next = res.next_page_offset;
    return {
      ids: (res.points as Point[]).map((p) => p.payload?.[ID_FIELD] as string),
      nextCursor: next === null || next === undefined ? null : String(next),
    };
  }
}

function userMetadata(payload: Payload): VectorMetadata {
  const { [TENANT_FIELD]: _ns, [ID_FIELD]: _id, ...rest } = payload;
  return rest as VectorMetadata;
}

/** Qdrant client errors carry the HTTP status (`ApiError.status`); network failures do not. */
export function mapQdrantError(what: string, e: unknown): VectorStoreError {
  if (e instanceof VectorStoreError) return e;
  const err = e as {
    status?: number;
    message?: string;
    name?: string;
    data?: { status?: { error?: string } };
  };
  const status = typeof err?.status === "number" ? err.status : undefined;
  const detail = err?.data?.status?.error ?? err?.message ?? String(e);
  const message = `${what}: ${status ? `HTTP ${status}: ` : ""}${detail}`;
  if (err?.name === "QdrantClientResourceExhaustedError" || status === 429) {
    return new VectorStoreError(STORE, "rate_limited", message, { cause: e });
  }
  if (status === 401 || status === 403)
    return new VectorStoreError(STORE, "unauthorized", message, { cause: e });
  if (status === 404) return new VectorStoreError(STORE, "not_found", message, { cause: e });
  if (status === 400 || status === 422) {
    return new VectorStoreError(
      STORE,
      /dimension/i.test(detail) ? "dimension_mismatch" : "invalid_input",
      message,
      { cause: e },
    );
  }
  if (status !== undefined && status < 500)
    return new VectorStoreError(STORE, "backend_error", message, { cause: e });
  return new VectorStoreError(STORE, "unavailable", message, { cause: e });
}
