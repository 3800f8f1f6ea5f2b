import {
  type FieldCondition,
  type MetadataFilter,
  type MetadataValue,
  type QueryOptions,
  type VectorRecord,
  VectorStoreError,
  type VectorStoreLimits,
} from "./types";

/**
 * Input rules shared by every adapter, checked BEFORE anything is sent or written, so a bad record
 * rejects the whole call and changes nothing. They are the intersection of what Vectorize, Pinecone and
 * Qdrant accept, so data written through one adapter can always be migrated to another.
 */
export const MAX_ID_BYTES = 512;
export const MAX_NAMESPACE_BYTES = 64;
export const MAX_FILTER_LIST = 100;
/** Metadata keys: 1-64 chars of [A-Za-z0-9_-], not starting with "__" (reserved for adapters' own fields). */
const KEY_RE = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;
const NAMESPACE_RE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const OPERATORS = new Set(["$eq", "$ne", "$in", "$nin", "$lt", "$lte", "$gt", "$gte"]);

const encoder = new TextEncoder();
export const byteLength = (s: string) => encoder.encode(s).byteLength;

export function invalid(store: string, message: string): VectorStoreError {
  return new VectorStoreError(store, "invalid_input", message);
}

export function validateNamespace(store: string, namespace: unknown): asserts namespace is string {
  if (
    typeof namespace !== "string" ||
    !NAMESPACE_RE.test(namespace) ||
    byteLength(namespace) > MAX_NAMESPACE_BYTES
  ) {
    throw invalid(
      store,
      `namespace must be 1-${MAX_NAMESPACE_BYTES} bytes of [A-Za-z0-9_.:-] starting with a letter or digit, got ${JSON.stringify(namespace)}`,
    );
  }
}

export function validateId(store: string, id: unknown): asserts id is string {
  if (typeof id !== "string" || id.length === 0 || byteLength(id) > MAX_ID_BYTES || id.includes("\u0000")) {
    throw invalid(store, `id must be a non-empty string of at most ${MAX_ID_BYTES} bytes without NUL`);
  }
}

export function validateIds(store: string, ids: unknown): asserts ids is string[] {
  if (!Array.isArray(ids)) throw invalid(store, "ids must be an array");
  for (const id of ids) validateId(store, id);
}

export function validateVector(store: string, values: unknown, dimensions: number, what = "vector") {
  if (!Array.isArray(values) && !(values instanceof Float32Array) && !(values instanceof Float64Array)) {
    throw invalid(store, `${what} must be an array of numbers`);
  }
  if (values.length !== dimensions) {
    throw new VectorStoreError(
      store,
      "dimension_mismatch",
      `${what} has ${values.length} dimensions, the index has ${dimensions}`,
    );
  }
  let norm = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw invalid(store, `${what}[${i}] is not a finite number`);
    norm += v * v;
  }
  if (norm === 0) throw invalid(store, `${what} is all zeros (cosine similarity is undefined)`);
}

function isScalar(v: unknown): v is MetadataValue {
  return typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));
}

export function validateMetadata(store: string, metadata: unknown, maxBytes: number, where: string) {
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata)) {
    throw invalid(store, `${where}: metadata must be an object`);
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (!KEY_RE.test(key) || key.startsWith("__")) {
      throw invalid(
        store,
        `${where}: metadata key ${JSON.stringify(key)} must match [A-Za-z0-9_-]{1,64} and not start with "__"`,
      );
    }
    if (!isScalar(value)) {
      throw invalid(
        store,
        `${where}: metadata ${key} must be a string, a finite number or a boolean (no nesting, null or arrays)`,
      );
    }
  }
  const bytes = byteLength(JSON.stringify(metadata));
  if (bytes > maxBytes)
    throw invalid(store, `${where}: metadata is ${bytes} bytes, the limit is ${maxBytes}`);
}

export function validateRecords(
  store: string,
  records: unknown,
  limits: VectorStoreLimits,
): asserts records is VectorRecord[] {
  if (!Array.isArray(records)) throw invalid(store, "records must be an array");
  const seen = new Set<string>();
  records.forEach((r, i) => {
    if (r === null || typeof r !== "object") throw invalid(store, `records[${i}] must be an object`);
    const rec = r as Partial<VectorRecord>;
    validateId(store, rec.id);
    if (seen.has(rec.id))
      throw invalid(store, `records[${i}]: duplicate id ${JSON.stringify(rec.id)} in one call`);
    seen.add(rec.id);
    validateVector(store, rec.values, limits.dimensions, `records[${i}].values`);
    validateMetadata(store, rec.metadata ?? {}, limits.maxMetadataBytes, `records[${i}]`);
  });
}

function validateCondition(store: string, key: string, cond: FieldCondition) {
  if (isScalar(cond)) return;
  if (cond === null || typeof cond !== "object" || Array.isArray(cond)) {
    throw invalid(store, `filter.${key} must be a string, number, boolean or an operator object`);
  }
  const entries = Object.entries(cond);
  if (entries.length === 0) throw invalid(store, `filter.${key} has no operator`);
  for (const [op, v] of entries) {
    if (!OPERATORS.has(op)) throw invalid(store, `filter.${key}: unknown operator ${op}`);
    if (op === "$in" || op === "$nin") {
      if (!Array.isArray(v) || v.length === 0 || v.length > MAX_FILTER_LIST || !v.every(isScalar)) {
        throw invalid(store, `filter.${key}.${op} must be 1-${MAX_FILTER_LIST} strings, numbers or booleans`);
      }
    } else if (op === "$eq" || op === "$ne") {
      if (!isScalar(v)) throw invalid(store, `filter.${key}.${op} must be a string, number or boolean`);
    } else if (typeof v !== "number" || !Number.isFinite(v)) {
      throw invalid(store, `filter.${key}.${op} must be a finite number`);
    }
  }
}

export function validateFilter(store: string, filter: unknown): asserts filter is MetadataFilter {
  if (filter === undefined) return;
  if (filter === null || typeof filter !== "object" || Array.isArray(filter))
    throw invalid(store, "filter must be an object");
  for (const [key, cond] of Object.entries(filter)) {
    if (!KEY_RE.test(key) || key.startsWith("__"))
      throw invalid(store, `filter key ${JSON.stringify(key)} is not a valid metadata key`);
    validateCondition(store, key, cond as FieldCondition);
  }
}

export function validateQuery(
  store: string,
  vector: unknown,
  options: QueryOptions,
  limits: VectorStoreLimits,
) {
  validateVector(store, vector, limits.dimensions, "query vector");
  if (!options || !Number.isInteger(options.topK) || options.topK < 1 || options.topK > limits.maxTopK) {
    throw invalid(store, `topK must be an integer in 1..${limits.maxTopK}`);
  }
  validateFilter(store, options.filter);
}

/** Operators of one field condition as a list (a bare value is `$eq`). */
export function conditionOps(cond: FieldCondition): [string, MetadataValue | MetadataValue[]][] {
  if (isScalar(cond)) return [["$eq", cond]];
  return Object.entries(cond).filter(([, v]) => v !== undefined) as [
    string,
    MetadataValue | MetadataValue[],
  ][];
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids)];
}
