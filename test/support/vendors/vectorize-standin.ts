/**
 * A stand-in for the Vectorize V2 Workers binding (`Vectorize` in @cloudflare/workers-types), in memory,
 * implementing its documented behaviour and limits (developers.cloudflare.com/vectorize: platform/limits,
 * reference/metadata-filtering, best-practices/insert-vectors), so the adapter is tested against the same
 * rules it meets in production:
 * - mutations are ASYNCHRONOUS: insert/upsert/deleteByIds return `{ mutationId }` and are applied later,
 *   in order (after `mutationDelayMs`); `describe().processedUpToMutation` names the last applied one;
 * - ids <= 64 bytes, namespaces <= 64 bytes, <= 1000 vectors per write, metadata <= 10 KiB, values of the
 *   index's dimension; metadata keys not empty, without `.` or `"`, not starting with `$`;
 * - query: topK <= 100, and <= 50 with returnValues or returnMetadata "all" (error 40025 otherwise);
 *   the filter only sees properties that have a metadata index (strings indexed on their first 64 bytes),
 *   is applied before topK, must be < 2048 bytes as JSON; namespace filtering is native;
 * - getByIds / deleteByIds are index-wide (not namespace-scoped).
 * Errors are thrown as the binding throws them: `Error("VECTOR_<OP>_ERROR (code = N): message")`.
 * Not modelled: approximate (ANN) scoring — scores here are exact cosine; the real index's are approximate.
 */
type Meta = Record<string, VectorizeVectorMetadata>;
interface Stored {
  id: string;
  namespace?: string;
  values: number[];
  metadata?: Meta;
}

export interface VectorizeStandInOptions {
  dimensions: number;
  metadataIndexes: { propertyName: string; indexType: "string" | "number" | "boolean" }[];
  mutationDelayMs?: number;
}

const enc = new TextEncoder();
const bytes = (s: string) => enc.encode(s).byteLength;

function vErr(op: string, code: number, message: string): Error {
  return new Error(`VECTOR_${op}_ERROR (code = ${code}): ${message}`);
}

export class VectorizeStandIn implements Vectorize {
  private readonly vectors = new Map<string, Stored>();
  private readonly pending: Promise<void>[] = [];
  private chain: Promise<void> = Promise.resolve();
  private processedUpTo: string | null = null;
  private processedAt: number | null = null;
  private injected: Error[] = [];
  /** Calls seen, by method (tests assert batching). */
  readonly calls: { method: string; size: number }[] = [];

  constructor(private readonly options: VectorizeStandInOptions) {}

  /** The next `count` calls (any method) throw `error`. */
  failNext(error: Error, count = 1) {
    for (let i = 0; i < count; i++) this.injected.push(error);
  }

  /** Resolves when every mutation accepted so far is applied. */
  async flush(): Promise<void> {
    await Promise.all(this.pending);
  }

  private takeInjected() {
    const e = this.injected.shift();
    if (e) throw e;
  }

  private enqueue(apply: () => void): VectorizeAsyncMutation {
    const mutationId = crypto.randomUUID();
    const delay = this.options.mutationDelayMs ?? 0;
    this.chain = this.chain.then(
      () =>
        new Promise<void>((resolve) =>
          setTimeout(() => {
            apply();
            this.processedUpTo = mutationId;
            this.processedAt = Date.now();
            resolve();
          }, delay),
        ),
    );
    this.pending.push(this.chain);
    return { mutationId };
  }

  private checkVectors(op: string, vectors: VectorizeVector[]) {
    if (!Array.isArray(vectors) || vectors.length === 0) throw vErr(op, 40001, "no vectors provided");
    if (vectors.length > 1000)
      throw vErr(op, 40006, `too many vectors in one batch: ${vectors.length} > 1000`);
    for (const v of vectors) {
      if (typeof v.id !== "string" || v.id.length === 0 || bytes(v.id) > 64) {
        throw vErr(op, 40008, `invalid vector id ${JSON.stringify(v.id)}: must be 1-64 bytes`);
      }
      if (v.namespace !== undefined && bytes(v.namespace) > 64)
        throw vErr(op, 40009, "namespace longer than 64 bytes");
      const values = Array.from(v.values ?? []);
      if (values.length !== this.options.dimensions) {
        throw vErr(
          op,
          40012,
          `vector ${v.id} has dimension ${values.length}, index dimension is ${this.options.dimensions}`,
        );
      }
      if (!values.every(Number.isFinite)) throw vErr(op, 40013, `vector ${v.id} has non-finite values`);
      if (v.metadata !== undefined) {
        for (const key of Object.keys(v.metadata)) {
          if (key === "" || key.includes(".") || key.includes('"') || key.startsWith("$")) {
            throw vErr(op, 40014, `invalid metadata key ${JSON.stringify(key)}`);
          }
        }
        if (bytes(JSON.stringify(v.metadata)) > 10_240)
          throw vErr(op, 40015, `metadata of ${v.id} larger than 10 KiB`);
      }
    }
  }

  private store(vectors: VectorizeVector[]): Stored[] {
    // Float64 input is stored as float32, as Vectorize does.
    return vectors.map((v) => ({
      id: v.id,
      namespace: v.namespace,
      values: Array.from(new Float32Array(Array.from(v.values))),
      metadata: v.metadata ? structuredClone(v.metadata) : undefined,
    }));
  }

  async describe(): Promise<VectorizeIndexInfo> {
    this.takeInjected();
    return {
      vectorCount: this.vectors.size,
      dimensions: this.options.dimensions,
      processedUpToDatetime: this.processedAt ?? 0,
      // The REST API and the runtime return the mutation UUID here (the TS type says number).
      processedUpToMutation: this.processedUpTo as unknown as number,
    };
  }

  async insert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "insert", size: vectors?.length ?? 0 });
    this.takeInjected();
    this.checkVectors("INSERT", vectors);
    const rows = this.store(vectors);
    // Insert keeps an existing vector with the same id (upsert replaces it).
    return this.enqueue(() => {
      for (const r of rows) if (!this.vectors.has(r.id)) this.vectors.set(r.id, r);
    });
  }

  async upsert(vectors: VectorizeVector[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "upsert", size: vectors?.length ?? 0 });
    this.takeInjected();
    this.checkVectors("UPSERT", vectors);
    const rows = this.store(vectors);
    return this.enqueue(() => {
      for (const r of rows) this.vectors.set(r.id, r);
    });
  }

  async deleteByIds(ids: string[]): Promise<VectorizeAsyncMutation> {
    this.calls.push({ method: "deleteByIds", size: ids?.length ?? 0 });
    this.takeInjected();
    if (!Array.isArray(ids) || ids.length === 0) throw vErr("DELETE_BY_IDS", 40001, "no ids provided");
    if (ids.length > 1000) throw vErr("DELETE_BY_IDS", 40006, "too many ids in one batch");
    const copy = [...ids];
    return this.enqueue(() => {
      for (const id of copy) this.vectors.delete(id);
    });
  }

  async getByIds(ids: string[]): Promise<VectorizeVector[]> {
    this.calls.push({ method: "getByIds", size: ids?.length ?? 0 });
    this.takeInjected();
    if (!Array.isArray(ids)) throw vErr("GET_BY_IDS", 40001, "ids must be an array");
    return ids
      .map((id) => this.vectors.get(id))
      .filter((v): v is Stored => v !== undefined)
      .map((v) => structuredClone(v) as VectorizeVector);
  }

  async queryById(vectorId: string, options?: VectorizeQueryOptions): Promise<VectorizeMatches> {
    const v = this.vectors.get(vectorId);
    if (!v) return { matches: [], count: 0 };
    return this.query(v.values, options);
  }

  async query(
    vector: VectorFloatArray | number[],
    options: VectorizeQueryOptions = {},
  ): Promise<VectorizeMatches> {
    this.calls.push({ method: "query", size: options.topK ?? 5 });
    this.takeInjected();
    const topK = options.topK ?? 5;
    const returnMetadata =
      options.returnMetadata === true
        ? "all"
        : options.returnMetadata === false
          ? "none"
          : (options.returnMetadata ?? "none");
    const heavy = options.returnValues === true || returnMetadata === "all";
    if (!Number.isInteger(topK) || topK < 1) throw vErr("QUERY", 40024, `invalid topK ${topK}`);
    if (topK > 100 || (heavy && topK > 50))
      throw vErr("QUERY", 40025, `max top K is ${heavy ? 50 : 100}, but got ${topK}`);
    const q = Array.from(vector);
    if (q.length !== this.options.dimensions) {
      throw vErr(
        "QUERY",
        40012,
        `query vector has dimension ${q.length}, index dimension is ${this.options.dimensions}`,
      );
    }
    if (options.filter !== undefined) this.checkFilter(options.filter);
    const scored: VectorizeMatch[] = [];
    for (const v of this.vectors.values()) {
      if (options.namespace !== undefined && v.namespace !== options.namespace) continue;
      if (options.filter && !this.matches(v, options.filter)) continue;
      scored.push({ id: v.id, namespace: v.namespace, score: cosine(q, v.values) });
    }
    scored.sort((a, b) => b.score - a.score);
    const matches = scored.slice(0, topK).map((m) => {
      const v = this.vectors.get(m.id)!;
      const out: VectorizeMatch = { id: m.id, score: m.score };
      if (v.namespace !== undefined) out.namespace = v.namespace;
      if (options.returnValues) out.values = [...v.values];
      if (returnMetadata === "all" && v.metadata) out.metadata = structuredClone(v.metadata);
      if (returnMetadata === "indexed" && v.metadata) {
        out.metadata = Object.fromEntries(
          Object.entries(v.metadata).filter(([k]) =>
            this.options.metadataIndexes.some((i) => i.propertyName === k),
          ),
        );
      }
      return out;
    });
    return { matches, count: matches.length };
  }

  private checkFilter(filter: VectorizeVectorMetadataFilter) {
    if (typeof filter !== "object" || filter === null || Object.keys(filter).length === 0) {
      throw vErr("QUERY", 40026, "filter must be a non-empty object");
    }
    if (bytes(JSON.stringify(filter)) >= 2048)
      throw vErr("QUERY", 40026, "filter must be less than 2048 bytes");
    for (const [key, cond] of Object.entries(filter)) {
      if (key === "" || key.includes('"') || key.startsWith("$") || key.length > 512) {
        throw vErr("QUERY", 40026, `invalid filter key ${JSON.stringify(key)}`);
      }
      if (cond !== null && typeof cond === "object") {
        for (const [op, arg] of Object.entries(cond)) {
          if (!["$eq", "$ne", "$in", "$nin", "$lt", "$lte", "$gt", "$gte"].includes(op)) {
            throw vErr("QUERY", 40026, `unsupported filter operator ${op}`);
          }
          if ((op === "$in" || op === "$nin") && !Array.isArray(arg))
            throw vErr("QUERY", 40026, `${op} needs an array`);
        }
      }
    }
  }

  /** Filter evaluation over the metadata INDEX: a property without an index has no indexed value. */
  private matches(v: Stored, filter: VectorizeVectorMetadataFilter): boolean {
    for (const [key, cond] of Object.entries(filter)) {
      const index = this.options.metadataIndexes.find((i) => i.propertyName === key);
      const raw = index ? v.metadata?.[key] : undefined;
      let value: string | number | boolean | undefined;
      if (index && raw !== undefined && typeof raw === index.indexType) {
        value = typeof raw === "string" ? truncate64(raw) : (raw as number | boolean);
      }
      const ops: [string, unknown][] =
        cond === null || typeof cond !== "object" ? [["$eq", cond]] : Object.entries(cond as object);
      for (const [op, arg] of ops) {
        const a = typeof arg === "string" ? truncate64(arg) : arg;
        const ok =
          op === "$eq"
            ? value !== undefined && value === a
            : op === "$ne"
              ? value !== undefined && value !== a
              : op === "$in"
                ? value !== undefined && (a as unknown[]).includes(value)
                : op === "$nin"
                  ? value !== undefined && !(a as unknown[]).includes(value)
                  : value !== undefined &&
                    typeof value === typeof a &&
                    compare(op, value, a as string | number);
        if (!ok) return false;
      }
    }
    return true;
  }
}

function compare(op: string, v: string | number | boolean, a: string | number): boolean {
  if (op === "$lt") return v < a;
  if (op === "$lte") return v <= a;
  if (op === "$gt") return v > a;
  return v >= a;
}

function truncate64(s: string): string {
  const b = enc.encode(s);
  if (b.byteLength <= 64) return s;
  return new TextDecoder().decode(b.slice(0, 64)).replace(/\uFFFD+$/, "");
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}
