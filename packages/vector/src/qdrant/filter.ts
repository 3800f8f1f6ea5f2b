import type { MetadataFilter, MetadataValue } from "../types";
import { conditionOps } from "../validate";

/** Payload field holding the tenant (namespace); indexed as a keyword with `is_tenant: true`. */
export const TENANT_FIELD = "__ns";
/** Payload field holding the caller's id. */
export const ID_FIELD = "__id";

export interface QdrantCondition {
  key?: string;
  match?: { value: string | number | boolean } | { any: string[] | number[] };
  range?: { lt?: number; lte?: number; gt?: number; gte?: number };
  should?: QdrantCondition[];
  must?: QdrantCondition[];
  must_not?: QdrantCondition[];
}
export interface QdrantFilter {
  must: QdrantCondition[];
  must_not?: QdrantCondition[];
}

/** One value equality: `match.value` takes strings, integers and booleans; other numbers become a point range. */
function equals(key: string, v: MetadataValue): QdrantCondition {
  if (typeof v === "number" && !Number.isInteger(v)) return { key, range: { gte: v, lte: v } };
  return { key, match: { value: v } };
}

/** Membership: `match.any` takes a list of only strings or only integers; anything else is a `should` of equalities. */
function anyOf(key: string, values: MetadataValue[]): QdrantCondition {
  if (values.every((v) => typeof v === "string")) return { key, match: { any: values as string[] } };
  if (values.every((v) => typeof v === "number" && Number.isInteger(v)))
    return { key, match: { any: values as number[] } };
  return { should: values.map((v) => equals(key, v)) };
}

/**
 * The contract's filter in Qdrant's dialect, always scoped to the tenant: `must` holds the tenant match,
 * `$eq`, `$in` and ranges; `must_not` holds `$ne` and `$nin` (so a point without the field matches them,
 * as in the local store).
 */
export function toQdrantFilter(namespace: string, filter: MetadataFilter | undefined): QdrantFilter {
  const must: QdrantCondition[] = [{ key: TENANT_FIELD, match: { value: namespace } }];
  const mustNot: QdrantCondition[] = [];
  for (const [key, cond] of Object.entries(filter ?? {})) {
    const range: NonNullable<QdrantCondition["range"]> = {};
    for (const [op, arg] of conditionOps(cond)) {
      if (op === "$eq") must.push(equals(key, arg as MetadataValue));
      else if (op === "$ne") mustNot.push(equals(key, arg as MetadataValue));
      else if (op === "$in") must.push(anyOf(key, arg as MetadataValue[]));
      else if (op === "$nin") mustNot.push(anyOf(key, arg as MetadataValue[]));
      else range[op.slice(1) as "lt" | "lte" | "gt" | "gte"] = arg as number;
    }
    if (Object.keys(range).length > 0) must.push({ key, range });
  }
  return mustNot.length > 0 ? { must, must_not: mustNot } : { must };
}
