import { DurableObject } from "cloudflare:workers";
import type { MetadataFilter, VectorMatch, VectorRecord, VectorStoreErrorCode } from "../types";
import { cosine, QuantizedIndex } from "./quantized-index";

/** What every RPC method returns: expected failures are values (RPC does not carry error classes). */
export type LocalResult<T> =
  | { ok: true; value: T }
  | { ok: false; code: VectorStoreErrorCode; message: string };

export interface LocalQuery {
  vector: number[];
  topK: number;
  filter?: MetadataFilter;
  includeValues: boolean;
  includeMetadata: boolean;
}

/** Candidates taken from the int8 scan per result wanted, then re-ranked exactly from float32. */
const RERANK_FACTOR = 8;
const MIN_CANDIDATES = 64;

const ok = <T>(value: T): LocalResult<T> => ({ ok: true, value });
const fail = (code: VectorStoreErrorCode, message: string): LocalResult<never> => ({
  ok: false,
  code,
  message,
});

/**
 * VectorIndexObject: the local vector store, ONE Durable Object per namespace (`idFromName(namespace)`),
 * hosted by the API Worker as binding `VECTOR_INDEX` (class_name `VectorIndex`, a SQLite-backed class).
 *
 * - Source of truth: the object's SQLite storage, table `vectors(id, vec float32 BLOB, metadata JSON)`.
 *   Every write is one synchronous transaction, so a call is applied whole or not at all.
 * - Search: an int8 scalar-quantised copy of every vector in memory (QuantizedIndex), loaded on first use;
 *   a query scans it (metadata filter first), takes topK x 8 (min 64) candidates and re-ranks them with the
 *   exact float32 cosine read back from SQLite. The returned scores are exact.
 * - The dimension is fixed by the first write (`config.dimensions`); later writes of another size fail.
 * - The object named `__catalog__` keeps `namespaces(name, count, dimensions)` for whole-index stats.
 *
 * Methods are synchronous (SQLite in a Durable Object is), so calls never interleave.
 */
export class VectorIndexObject extends DurableObject {
  private index: QuantizedIndex | null = null;
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: unknown) {
    super(ctx, env as never);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS vectors (id TEXT PRIMARY KEY, vec BLOB NOT NULL, metadata TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS namespaces (name TEXT PRIMARY KEY, count INTEGER NOT NULL, dimensions INTEGER NOT NULL);`);
  }

  private dimensions(): number | null {
    const row = this.sql
      .exec<{ value: string }>("SELECT value FROM config WHERE key = 'dimensions'")
      .toArray()[0];
    return row ? Number(row.value) : null;
  }

  private count(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM vectors").one().n;
  }

  private loaded(): QuantizedIndex | null {
    if (this.index) return this.index;
    const dims = this.dimensions();
    if (dims === null) return null;
    const index = new QuantizedIndex(dims);
    index.reserve(this.count());
    for (const row of this.sql.exec<{ id: string; vec: ArrayBuffer; metadata: string }>(
      "SELECT id, vec, metadata FROM vectors",
    )) {
      index.set(row.id, new Float32Array(row.vec), JSON.parse(row.metadata));
    }
    this.index = index;
    return index;
  }

  private checkDimensions(dims: number): LocalResult<QuantizedIndex> | null {
    const fixed = this.dimensions();
    if (fixed !== null && fixed !== dims) {
      return fail("dimension_mismatch", `this namespace holds ${fixed}-dimension vectors, got ${dims}`);
    }
    return null;
  }

  upsert(
    namespace: string,
    dimensions: number,
    records: VectorRecord[],
  ): LocalResult<{ upserted: number; count: number }> {
    const mismatch = this.checkDimensions(dimensions);
    if (mismatch) return mismatch as LocalResult<never>;
    for (const r of records) {
      if (r.values.length !== dimensions)
        return fail("dimension_mismatch", `record ${r.id} has ${r.values.length} dimensions`);
      if (!r.values.every(Number.isFinite))
        return fail("invalid_input", `record ${r.id} has a non-finite value`);
    }
    const rows = records.map((r) => ({
      r,
      vec: new Float32Array(r.values),
      json: JSON.stringify(r.metadata ?? {}),
    }));
    this.ctx.storage.transactionSync(() => {
      this.sql.exec(
        "INSERT INTO config (key, value) VALUES ('dimensions', ?), ('namespace', ?) ON CONFLICT(key) DO NOTHING",
        String(dimensions),
        namespace,
      );
      for (const { r, vec, json } of rows) {
        this.sql.exec(
          "INSERT INTO vectors (id, vec, metadata) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET vec = excluded.vec, metadata = excluded.metadata",
          r.id,
          vec.buffer,
          json,
        );
      }
    });
    const index = this.loaded()!;
    for (const { r, vec } of rows) index.set(r.id, vec, r.metadata ?? {});
    return ok({ upserted: records.length, count: index.size });
  }

  query(dimensions: number, q: LocalQuery): LocalResult<VectorMatch[]> {
    const mismatch = this.checkDimensions(dimensions);
    if (mismatch) return mismatch as LocalResult<never>;
    const index = this.loaded();
    if (!index || index.size === 0) return ok([]);
    const wanted = Math.max(q.topK * RERANK_FACTOR, MIN_CANDIDATES);
    const candidates = index.candidates(q.vector, wanted, q.filter);
    const full = this.read(candidates.map((c) => c.id));
    const scored = candidates.map((c) => {
      const rec = full.get(c.id)!;
      return { rec, score: cosine(q.vector, rec.values) };
    });
    scored.sort((a, b) => b.score - a.score || (a.rec.id < b.rec.id ? -1 : 1));
    return ok(
      scored.slice(0, q.topK).map(({ rec, score }) => {
        const m: VectorMatch = { id: rec.id, score };
        if (q.includeMetadata) m.metadata = rec.metadata;
        if (q.includeValues) m.values = rec.values;
        return m;
      }),
    );
  }

  private read(ids: string[]): Map<string, VectorRecord> {
    const out = new Map<string, VectorRecord>();
    for (let i = 0; i < ids.length; i += 90) {
      const part = ids.slice(i, i + 90);
      const rows = this.sql.exec<{ id: string; vec: ArrayBuffer; metadata: string }>(
        `SELECT id, vec, metadata FROM vectors WHERE id IN (${part.map(() => "?").join(",")})`,
        ...part,
      );
      for (const row of rows) {
        out.set(row.id, {
          id: row.id,
          values: Array.from(new Float32Array(row.vec)),
          metadata: JSON.parse(row.metadata),
        });
      }
    }
    return out;
  }

  get(ids: string[]): LocalResult<VectorRecord[]> {
    const found = this.read([...new Set(ids)]);
    return ok(ids.filter((id, i) => ids.indexOf(id) === i && found.has(id)).map((id) => found.get(id)!));
  }

  delete(ids: string[]): LocalResult<{ deleted: number; count: number }> {
    const unique = [...new Set(ids)];
    this.ctx.storage.transactionSync(() => {
      for (let i = 0; i < unique.length; i += 90) {
        const part = unique.slice(i, i + 90);
        this.sql.exec(`DELETE FROM vectors WHERE id IN (${part.map(() => "?").join(",")})`, ...part);
      }
    });
    const index = this.loaded();
    if (index) for (const id of unique) index.remove(id);
    return ok({ deleted: ids.length, count: index?.size ?? 0 });
  }

  deleteByFilter(filter: MetadataFilter): LocalResult<{ deleted: number; count: number }> {
    const index = this.loaded();
    if (!index) return ok({ deleted: 0, count: 0 });
    const ids = index.idsMatching(filter);
    const r = this.delete(ids);
    return r;
  }

  stats(): LocalResult<{ dimensions: number | null; count: number }> {
    return ok({ dimensions: this.dimensions(), count: this.count() });
  }

  list(cursor: string | null, limit: number): LocalResult<{ ids: string[]; nextCursor: string | null }> {
    const rows = this.sql
      .exec<{ id: string }>(
        "SELECT id FROM vectors WHERE id > ? ORDER BY id LIMIT ?",
        cursor ?? "",
        limit + 1,
      )
      .toArray();
    const ids = rows.slice(0, limit).map((r) => r.id);
    return ok({ ids, nextCursor: rows.length > limit ? ids.at(-1)! : null });
  }

  /** Catalog object only: records a namespace's current count. */
  report(namespace: string, count: number, dimensions: number): void {
    this.sql.exec(
      "INSERT INTO namespaces (name, count, dimensions) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET count = excluded.count, dimensions = excluded.dimensions",
      namespace,
      count,
      dimensions,
    );
  }

  /** Catalog object only: vectors across namespaces. */
  totals(): { namespaces: number; vectors: number } {
    const row = this.sql
      .exec<{ n: number; v: number | null }>(
        "SELECT count(*) AS n, sum(count) AS v FROM namespaces WHERE count > 0",
      )
      .one();
    return { namespaces: row.n, vectors: row.v ?? 0 };
  }
}
