import type { MetadataFilter, MetadataValue, VectorMetadata } from "./types";
import { conditionOps } from "./validate";

/**
 * Evaluates the contract's metadata filter against one record's metadata (the local store's filter engine).
 * Values compare by type and value (5 never equals "5"); range operators only match numbers.
 * `$ne`/`$nin` match a record whose field is missing (as Qdrant's must_not does).
 */
export function matchesFilter(metadata: VectorMetadata, filter: MetadataFilter | undefined): boolean {
  if (!filter) return true;
  for (const [key, cond] of Object.entries(filter)) {
    const has = Object.hasOwn(metadata, key);
    const value = metadata[key] as MetadataValue | undefined;
    for (const [op, arg] of conditionOps(cond)) {
      if (!matchOp(op, has ? value : undefined, arg)) return false;
    }
  }
  return true;
}

function matchOp(
  op: string,
  value: MetadataValue | undefined,
  arg: MetadataValue | MetadataValue[],
): boolean {
  switch (op) {
    case "$eq":
      return value !== undefined && value === arg;
    case "$ne":
      return value === undefined || value !== arg;
    case "$in":
      return value !== undefined && (arg as MetadataValue[]).includes(value);
    case "$nin":
      return value === undefined || !(arg as MetadataValue[]).includes(value);
    case "$lt":
      return typeof value === "number" && value < (arg as number);
    case "$lte":
      return typeof value === "number" && value <= (arg as number);
    case "$gt":
      return typeof value === "number" && value > (arg as number);
    case "$gte":
      return typeof value === "number" && value >= (arg as number);
    default:
      return false;
  }
}
