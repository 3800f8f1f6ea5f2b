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
import { toVectorizeFilter } from "./filter";
import { callerIdFromVectorizeId, vectorizeId } from "./ids";

export interface VectorizeVectorStoreOptions {
  kind: "vectorize";
  /** The Workers binding (a V2 index, `[[vectorize]]` in wrangler.toml), created with `--metric=cosine`. */
  binding: Vectorize;
  dimensions: number;
  /**
   * Properties that have a Vectorize metadata index (`wrangler vectorize create-metadata-index`). When
   * given, filters on any other property are rejected with `invalid_input` (Vectorize would silently
   * match nothing).
   */
  metadataIndexes?: string[];
  /** topK allowed with returnValues or returnMetadata "all" (Vectorize V2: 50). Larger queries fetch values/metadata with getByIds. */
  maxTopKWithMetadata?: number;
  /** deleteByFilter waits for Vectorize's async deletes to be applied, at most this long. Default 30 s. */
  mutationTimeoutMs?: number;
  /** Poll interval while waiting. Default 500 ms. */
  pollIntervalMs?: number;
}

const STORE = "vectorize";
/** Vectorize V2 limits (developers.cloudflare.com/vectorize/platform/limits). */
export const VECTORIZE_LIMITS = {
  maxBatchUpsert: 1000,
  maxBatchDelete: 1000,
  maxTopK: 100,
  maxMetadataBytes: 10_240,
};
/** getByIds is called in chunks this size. */
const GET_CHUNK = 20;
const ID_KEY = "__id";

/**
 * The Vectorize adapter (the Workers binding; mutations are asynchronous in V2: a write returns a
 * mutation id and becomes visible to queries a few seconds later).
 * - Tenancy: Vectorize namespaces, one per dealership; ids are namespaced too (see ids.ts), because the
 *   binding's getByIds/deleteByIds are index-wide.
 * - No `list`: the binding cannot enumerate ids; the migration takes ids from the inventory instead.
 * - stats: describe() counts the whole index (exactForNamespace false).
 * - deleteByFilter: the binding has no delete-by-filter. It queries the namespace with the filter and a
 *   probe vector (topK 100, ids only), deletes those ids, waits until they are gone (async mutations),
 *   and repeats until a query finds nothing.
 */
export class VectorizeVectorStore implements VectorStore {
  readonly kind = "vectorize";
  readonly limits: VectorStoreLimits;
  private readonly index: Vectorize;
  private readonly opts: VectorizeVectorStoreOptions;

  constructor(options: VectorizeVectorStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1 || options.dimensions > 1536) {
      throw invalid(STORE, "dimensions must be an integer in 1..1536 (Vectorize's maximum)");
    }
    this.index = options.binding;
    this.opts = options;
    this.limits = { dimensions: options.dimensions, ...VECTORIZE_LIMITS };
  }

  private async run<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw mapVectorizeError(what, e);
    }
  }

  async upsert(namespace: string, records: VectorRecord[]): Promise<{ upserted: number }> {
    validateNamespace(STORE, namespace);
    validateRecords(STORE, records, this.limits);
    const vectors: VectorizeVector[] = [];
    for (const r of records) {
      const metadata = { ...(r.metadata ?? {}), [ID_KEY]: r.id };
      if (new TextEncoder().encode(JSON.stringify(metadata)).byteLength > this.limits.maxMetadataBytes) {
        throw invalid(
          STORE,
          `record ${r.id}: metadata with the id exceeds ${this.limits.maxMetadataBytes} bytes`,
        );
      }
      vectors.push({
        id: await vectorizeId(namespace, r.id),
        namespace,
        values: Array.from(r.values),
        metadata,
      });
    }
    for (const part of chunk(vectors, this.limits.maxBatchUpsert))
      await this.run("upsert", () => this.index.upsert(part));
    return { upserted: records.length };
  }

  async query(namespace: string, vector: number[], options: QueryOptions): Promise<VectorMatch[]> {
    validateNamespace(STORE, namespace);
    validateQuery(STORE, vector, options, this.limits);
    const filter = toVectorizeFilter(options.filter, this.opts.metadataIndexes);
    const includeMetadata = options.includeMetadata ?? true;
    const includeValues = options.includeValues ?? false;
    const inline = options.topK <= (this.opts.maxTopKWithMetadata ?? 50);
    const res = await this.run("query", () =>
      this.index.query(Array.from(vector), {
        topK: options.topK,
        namespace,
        ...(filter ? { filter } : {}),
        returnValues: inline && includeValues,
        returnMetadata: inline ? "all" : "none",
      }),
    );
    const matches = res.matches.filter((m) => (m.namespace ?? namespace) === namespace);
    // Beyond the inline topK limit, values/metadata (and hashed ids) come from getByIds.
    const needFetch =
      !inline &&
      (includeMetadata || includeValues || matches.some((m) => !callerIdFromVectorizeId(namespace, m.id)));
    const fetched = needFetch
      ? await this.getRaw(matches.map((m) => m.id))
      : new Map<string, VectorizeVector>();
    const out: VectorMatch[] = [];
    for (const m of matches) {
      const full = inline ? m : fetched.get(m.id);
      const meta = (full?.metadata ?? {}) as Record<string, unknown>;
      const id =
        (typeof meta[ID_KEY] === "string" ? (meta[ID_KEY] as string) : null) ??
        callerIdFromVectorizeId(namespace, m.id);
      if (id === null || (needFetch && !full)) continue; // deleted between query and getByIds
      const match: VectorMatch = { id, score: m.score };
      if (includeMetadata) match.metadata = stripId(meta);
      if (includeValues && full?.values) match.values = Array.from(full.values);
      out.push(match);
    }
    return out;
  }

  private async getRaw(vids: string[]): Promise<Map<string, VectorizeVector>> {
    const out = new Map<string, VectorizeVector>();
    for (const part of chunk(uniqueIds(vids), GET_CHUNK)) {
      for (const v of await this.run("getByIds", () => this.index.getByIds(part))) out.set(v.id, v);
    }
    return out;
  }

  async get(namespace: string, ids: string[]): Promise<VectorRecord[]> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    const unique = uniqueIds(ids);
    const vids = await Promise.all(unique.map((id) => vectorizeId(namespace, id)));
    const raw = await this.getRaw(vids);
    const out: VectorRecord[] = [];
    unique.forEach((id, i) => {
      const v = raw.get(vids[i]!);
      if (!v || (v.namespace ?? "") !== namespace) return;
      out.push({
        id,
        values: Array.from(v.values),
        metadata: stripId((v.metadata ?? {}) as Record<string, unknown>),
      });
    });
    return out;
  }

  async delete(namespace: string, ids: string[]): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateIds(STORE, ids);
    const vids = await Promise.all(uniqueIds(ids).map((id) => vectorizeId(namespace, id)));
    for (const part of chunk(vids, this.limits.maxBatchDelete))
      await this.run("deleteByIds", () => this.index.deleteByIds(part));
    return { deleted: ids.length };
  }

  async deleteByFilter(namespace: string, filter: MetadataFilter): Promise<{ deleted: number }> {
    validateNamespace(STORE, namespace);
    validateFilter(STORE, filter);
    const vfilter = toVectorizeFilter(filter, this.opts.metadataIndexes);
    const probe = new Array(this.limits.dimensions).fill(0);
    probe[0] = 1;
    const timeout = this.opts.mutationTimeoutMs ?? 30_000;
    const poll = this.opts.pollIntervalMs ?? 500;
    const deleted = new Set<string>();
    let waitingSince: number | null = null;
    for (;;) {
      const res = await this.run("query", () =>
        this.index.query(probe, {
          topK: this.limits.maxTopK,
          namespace,
          ...(vfilter ? { filter: vfilter } : {}),
          returnValues: false,
          returnMetadata: "none",
        }),
      );
      const found = res.matches.filter((m) => (m.namespace ?? namespace) === namespace).map((m) => m.id);
      if (found.length === 0) return { deleted: deleted.size };
      const fresh = found.filter((id) => !deleted.has(id));
      if (fresh.length > 0) {
        for (const part of chunk(fresh, this.limits.maxBatchDelete))
          await this.run("deleteByIds", () => this.index.deleteByIds(part));
        for (const id of fresh) deleted.add(id);
        waitingSince = null;
        continue;
      }
      // Everything found is already deleted, the mutation is not applied yet: wait for it.
      waitingSince ??= Date.now();
      if (Date.now() - waitingSince > timeout) {
        throw new VectorStoreError(
          STORE,
          "unavailable",
          `deleteByFilter: ${deleted.size} deletions requested but not applied within ${timeout} ms; retry to finish`,
        );
      }
      await new Promise((r) => setTimeout(r, poll));
    }
  }

  async stats(namespace?: string): Promise<VectorStoreStats> {
    if (namespace !== undefined) validateNamespace(STORE, namespace);
    const info = await this.run("describe", () => this.index.describe());
    return { dimensions: info.dimensions, vectorCount: info.vectorCount, exactForNamespace: false };
  }
}

function stripId(meta: Record<string, unknown>): VectorMetadata {
  const { [ID_KEY]: _drop, ...rest } = meta;
  return rest as VectorMetadata;
}

/**
 * The binding throws `Error("VECTOR_<OP>_ERROR (code = NNNNN): message")`. 4xxxx codes are the caller's
 * fault (dimension 40012... mapped by message), others and non-coded failures are the service's.
 */
export function mapVectorizeError(what: string, e: unknown): VectorStoreError {
  const message = e instanceof Error ? e.message : String(e);
  const code = /\(code = (\d+)\)/.exec(message)?.[1];
  if (code && /dimension/i.test(message)) {
    return new VectorStoreError(STORE, "dimension_mismatch", `${what}: ${message}`, { cause: e });
  }
  if (code === "429" || /rate limit|too many requests/i.test(message)) {
    return new VectorStoreError(STORE, "rate_limited", `${what}: ${message}`, { cause: e });
  }
  if (code?.startsWith("4") && code.length === 5) {
    return new VectorStoreError(STORE, "invalid_input", `${what}: ${message}`, { cause: e });
  }
  return new VectorStoreError(STORE, "unavailable", `${what}: ${message}`, { cause: e });
}
