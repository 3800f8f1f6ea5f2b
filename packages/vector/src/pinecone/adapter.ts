import { Pinecone } from "@pinecone-database/pinecone";
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
import { mapPineconeError, statusCapturingFetch } from "./errors";

export interface PineconeVectorStoreOptions {
  kind: "pinecone";
  apiKey: string;
  /** The index (serverless, metric cosine, `dimensions`). Required unless `indexHost` is given. */
  indexName?: string;
  dimensions: number;
  /** The index's data-plane host (from the console). Without it the SDK asks the control plane once (describe index). */
  indexHost?: string;
  /** Control plane URL; default https://api.pinecone.io. */
  controllerHostUrl?: string;
  /** SDK retries on 5xx (default 3). */
  maxRetries?: number;
  /** Custom fetch (tests, instrumentation); default the global fetch. */
  fetch?: typeof fetch;
}

const STORE = "pinecone";
/** Pinecone: upsert 1000 records or 2 MB per request, fetch/delete 1000 ids, topK 10,000 (we cap at 100), metadata 40 KB (we keep the portable 10 KiB). */
export const PINECONE_LIMITS = {
  maxBatchUpsert: 1000,
  maxBatchDelete: 1000,
  maxTopK: 100,
  maxMetadataBytes: 10_240,
};
const MAX_REQUEST_BYTES = 2_000_000;
/** GET /vectors/fetch takes ids in the query string: keep URLs short. */
const FETCH_CHUNK = 100;

/**
 * The Pinecone adapter (`@pinecone-database/pinecone`, serverless data plane). Tenancy: one Pinecone
 * namespace per dealership (Pinecone's recommended multitenancy). Filters pass through unchanged (the
 * contract's operators are Pinecone's). `list` is serverless `list` (ids, paginated). Upserts are split
 * by count (1000) AND by request size (2 MB).
 */
export class PineconeVectorStore implements VectorStore {
  readonly kind = "pinecone";
  readonly limits: VectorStoreLimits;
  private readonly client: Pinecone;
  private readonly opts: PineconeVectorStoreOptions;

  constructor(options: PineconeVectorStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 20_000) {
      throw invalid(STORE, "dimensions must be an integer in 1..20000");
    }
    if (!options.apiKey) throw invalid(STORE, "apiKey is required");
    if (!options.indexHost && !options.indexName) throw invalid(STORE, "indexHost or indexName is required");
    this.opts = options;
    this.limits = { dimensions: options.dimensions, ...PINECONE_LIMITS };
    this.client = new Pinecone({
      apiKey: options.apiKey,
      ...(options.controllerHostUrl ? { controllerHostUrl: options.controllerHostUrl } : {}),
      maxRetries: options.maxRetries ?? 3,
      fetchApi: statusCapturingFetch(
        options.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a)),
      ) as never,
    });
  }

  private ns(namespace: string) {
    return this.client.index(this.opts.indexName ?? "index", this.opts.indexHost).namespace(namespace);
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapPineconeError(what, e);
    }
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<{ upserted: number }> {
    validateNamespace(STORE, namespace);
    validateRecords(STORE, records, this.limits);
    const idx = this.ns(namespace);
    for (const batch of sizeBatches(records, this.limits.maxBatchUpsert, MAX_REQUEST_BYTES)) {
      const payload = batch.map((r) => ({
        id: r.id,
        values: Array.from(r.values),
        metadata: { ...(r.metadata ?? {}) },
      }));
      await this.run("upsert", () => idx.upsert({ records: payload }));
    }
    return { upserted: records.length };
  }

  async query(namespace: string, vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    validateNamespace(STORE, namespace);
    validateQuery(STORE, vector, options, this.limits);
    const includeMetadata = options.includeMetadata ?? true;
    const includeValues = options.includeValues ?? false;
    const filter = options.filter && Object.keys(options.filter).length > 0 ? options.filter : undefined;
    const res = await this.run("query", () =>
      this.ns(namespace).query({
        vector: Array.from(vector),
        topK: options.topK,
        includeMetadata,
        includeValues,
        ...(filter ? { filter: filter as object } : {}),
      }),
    );
    return res.matches.map((m) => {
      const out: VectorMatch = { id: m.id, score: m.score ?? 0 };
      if (includeMetadata) out.metadata = (m.metadata ?? {}) as VectorMetadata;
      if (includeValues) out.values = m.values ?? [];
      return out;
    });
  }

  async get(namespace: string, ids: string[]): Promise<VectorRecord[]> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    const unique = uniqueIds(ids);
    const found = new Map<string, VectorRecord>();
    for (const part of chunk(unique, FETCH_CHUNK)) {
      const res = await this.run("fetch", () => this.ns(namespace).fetch({ ids: part }));
      for (const [id, r] of Object.entries(res.records ?? {})) {
        found.set(id, { id, values: r.values ?? [], metadata: (r.metadata ?? {}) as VectorMetadata });
      }
    }
    return unique.filter((id) => found.has(id)).map((id) => found.get(id)!);
  }

  async delete(namespace: string, ids: string[]): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    for (const part of chunk(uniqueIds(ids), this.limits.maxBatchDelete)) {
      await this.run("delete", () => this.ns(namespace).deleteMany({ ids: part }));
    }
    return { deleted: ids.length };
  }

  /**
   * Pinecone serverless deletes by metadata filter in the namespace. The count is taken first with
   * list + fetch is too costly, so it comes from describeIndexStats' namespace count before and after.
   */
  async deleteByFilter(namespace: string, filter: MetadataFilter): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateFilter(STORE, filter);
    const before = (await this.stats(namespace)).vectorCount;
    if (!filter || Object.keys(filter).length === 0) {
      if (before > 0) await this.run("deleteAll", () => this.ns(namespace).deleteAll());
      return { deleted: before };
    }
    await this.run("delete by filter", () => this.ns(namespace).deleteMany({ filter: filter as object }));
    const after = (await this.stats(namespace)).vectorCount;
    return { deleted: Math.max(0, before - after) };
  }

  async stats(namespace?: string): Promise<VectorStoreStats> {
    if (namespace !== undefined) validateNamespace(STORE, namespace);
    const s = await this.run("describeIndexStats", () =>
      this.client.index(this.opts.indexName ?? "index", this.opts.indexHost).describeIndexStats(),
    );
    if (namespace === undefined) {
      return {
        dimensions: s.dimension ?? this.limits.dimensions,
        vectorCount: s.totalRecordCount ?? 0,
        exactForNamespace: false,
      };
    }
    return {
      dimensions: s.dimension ?? this.limits.dimensions,
      vectorCount: s.namespaces?.[namespace]?.recordCount ?? 0,
      exactForNamespace: true,
    };
  }

  async list(namespace: string, options: { cursor?: string | null; limit: number }) {
    validateNamespace(STORE, namespace);
    if (!Number.isInteger(options?.limit) || options.limit < 1 || options.limit > 100) {
      throw invalid(STORE, "limit must be an integer in 1..100 (Pinecone's list page size)");
    }
    const res = await this.run("list", () =>
      this.ns(namespace).listPaginated({
        limit: options.limit,
        ...(options.cursor ? { paginationToken: options.cursor } : {}),
      }),
    );
    return {
      ids: (res.vectors ?? []).map((v) => v.id!).filter(Boolean),
      nextCursor: res.pagination?.next ?? null,
    };
  }
}

/** Splits records into batches of at most `maxCount` records and about `maxBytes` of JSON. */
export function sizeBatches(records: VectorRecord[], maxCount: number, maxBytes: number): VectorRecord[][] {
  const out: VectorRecord[][] = [];
  let cur: VectorRecord[] = [];
  let bytes = 64;
  for (const r of records) {
    const size = JSON.stringify({ id: r.id, values: r.values, metadata: r.metadata ?? {} }).length + 1;
    if (cur.length > 0 && (cur.length >= maxCount || bytes + size > maxBytes)) {
      out.push(cur);
      cur = [];
      bytes = 64;
    }
    cur.push(r);
    bytes += size;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}
