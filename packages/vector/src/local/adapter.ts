import type {
  MetadataFilter,
  QueryOptions,
  VectorMatch,
  VectorRecord,
  VectorStore,
  VectorStoreLimits,
  VectorStoreStats,
} from "../types";
import { VectorStoreError } from "../types";
import {
  chunk,
  invalid,
  validateFilter,
  validateIds,
  validateNamespace,
  validateQuery,
  validateRecords,
} from "../validate";
import { CATALOG_OBJECT } from "./catalog";
import type { LocalResult, VectorIndexObject } from "./durable-object";

export interface LocalVectorStoreOptions {
  kind: "local";
  /** The Durable Object namespace binding of `VectorIndexObject` (the API Worker's `VECTOR_INDEX`). */
  binding: DurableObjectNamespace<VectorIndexObject>;
  /** Vector size of this index (384 for the local embedding model). */
  dimensions: number;
}

const STORE = "local";
export const LOCAL_LIMITS = {
  maxBatchUpsert: 1000,
  maxBatchDelete: 1000,
  maxTopK: 100,
  maxMetadataBytes: 10_240,
};

/** The local adapter: one `VectorIndexObject` per namespace, reached by RPC. */
export class LocalVectorStore implements VectorStore {
  readonly kind = "local";
  readonly limits: VectorStoreLimits;
  private readonly binding: DurableObjectNamespace<VectorIndexObject>;

  constructor(options: LocalVectorStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 4096) {
      throw invalid(STORE, "dimensions must be an integer in 1..4096");
    }
    this.binding = options.binding;
    this.limits = { dimensions: options.dimensions, ...LOCAL_LIMITS };
  }

  private stub(namespace: string) {
    return this.binding.get(this.binding.idFromName(namespace));
  }

  private async call<T>(run: () => Promise<LocalResult<T>>): Promise<T> {
    let r: LocalResult<T>;
    try {
      r = await run();
    } catch (e) {
      // The object could not be reached or threw (reset, overload, storage error): retryable.
      throw new VectorStoreError(
        STORE,
        "unavailable",
        `local vector index failed: ${(e as Error)?.message ?? e}`,
        {
          cause: e,
        },
      );
    }
    if (!r.ok) throw new VectorStoreError(STORE, r.code, r.message);
    return r.value;
  }

  private async report(namespace: string, count: number) {
    try {
      await this.stub(CATALOG_OBJECT).report(namespace, count, this.limits.dimensions);
    } catch {
      // The catalog only feeds whole-index stats; the next write of this namespace corrects it.
    }
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<{ upserted: number }> {
    validateNamespace(STORE, namespace);
    validateRecords(STORE, records, this.limits);
    if (records.length === 0) return { upserted: 0 };
    const stub = this.stub(namespace);
    let count = 0;
    for (const part of chunk(records, this.limits.maxBatchUpsert)) {
      const plain = part.map((r) => ({
        id: r.id,
        values: Array.from(r.values),
        metadata: { ...(r.metadata ?? {}) },
      }));
      const r = await this.call<{ upserted: number; count: number }>(
        () => stub.upsert(namespace, this.limits.dimensions, plain) as never,
      );
      count = r.count;
    }
    await this.report(namespace, count);
    return { upserted: records.length };
  }

  async query(namespace: string, vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    validateNamespace(STORE, namespace);
    validateQuery(STORE, vector, options, this.limits);
    return this.call(
      () =>
        this.stub(namespace).query(this.limits.dimensions, {
          vector: Array.from(vector),
          topK: options.topK,
          filter: options.filter,
          includeValues: options.includeValues ?? false,
          includeMetadata: options.includeMetadata ?? true,
        }) as never,
    );
  }

  async get(namespace: string, ids: string[]): Promise<VectorRecord[]> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    if (ids.length === 0) return [];
    const out: VectorRecord[] = [];
    for (const part of chunk(ids, 1000))
      out.push(...((await this.call(() => this.stub(namespace).get(part) as never)) as VectorRecord[]));
    return out;
  }

  async delete(namespace: string, ids: string[]): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    if (ids.length === 0) return { deleted: 0 };
    let count = 0;
    for (const part of chunk(ids, this.limits.maxBatchDelete)) {
      count = ((await this.call(() => this.stub(namespace).delete(part) as never)) as { count: number })
        .count;
    }
    await this.report(namespace, count);
    return { deleted: ids.length };
  }

  async deleteByFilter(namespace: string, filter: MetadataFilter): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateFilter(STORE, filter);
    const r = (await this.call(() => this.stub(namespace).deleteByFilter(filter ?? {}) as never)) as {
      deleted: number;
      count: number;
    };
    await this.report(namespace, r.count);
    return { deleted: r.deleted };
  }

  async stats(namespace?: string): Promise<VectorStoreStats> {
    if (namespace === undefined) {
      const t = await this.call(async () => ({
        ok: true as const,
        value: await this.stub(CATALOG_OBJECT).totals(),
      }));
      return { dimensions: this.limits.dimensions, vectorCount: t.vectors, exactForNamespace: false };
    }
    validateNamespace(STORE, namespace);
    const s = (await this.call(() => this.stub(namespace).stats() as never)) as {
      dimensions: number | null;
      count: number;
    };
    return {
      dimensions: s.dimensions ?? this.limits.dimensions,
      vectorCount: s.count,
      exactForNamespace: true,
    };
  }

  async list(namespace: string, options: { cursor?: string | null; limit: number }) {
    validateNamespace(STORE, namespace);
    if (!Number.isInteger(options?.limit) || options.limit < 1 || options.limit > 1000) {
      throw invalid(STORE, "limit must be an integer in 1..1000");
    }
    return (await this.call(
      () => this.stub(namespace).list(options.cursor ?? null, options.limit) as never,
    )) as {
      ids: string[];
      nextCursor: string | null;
    };
  }
}
