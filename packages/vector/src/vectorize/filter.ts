import type { MetadataFilter } from "../types";
import { VectorStoreError } from "../types";
import { byteLength, conditionOps } from "../validate";

/** Vectorize rejects filters whose compact JSON is 2048 bytes or more. */
export const VECTORIZE_MAX_FILTER_BYTES = 2047;

/**
 * The contract's filter in Vectorize's dialect (the same operator names). Vectorize types keep
 * `$in/$nin` and the comparison operators in separate objects, so one field cannot mix the two groups.
 * Filtering needs a metadata index per property: with `metadataIndexes` configured, a filter on another
 * property is rejected here instead of silently matching nothing.
 */
export function toVectorizeFilter(
  filter: MetadataFilter | undefined,
  metadataIndexes: readonly string[] | undefined,
): VectorizeVectorMetadataFilter | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  const out: VectorizeVectorMetadataFilter = {};
  for (const [key, cond] of Object.entries(filter)) {
    if (metadataIndexes && !metadataIndexes.includes(key)) {
      throw new VectorStoreError(
        "vectorize",
        "invalid_input",
        `filter on "${key}" needs a Vectorize metadata index (configured: ${metadataIndexes.join(", ") || "none"})`,
      );
    }
    const ops = conditionOps(cond);
    const collection = ops.some(([op]) => op === "$in" || op === "$nin");
    const comparison = ops.some(([op]) => op !== "$in" && op !== "$nin");
    if (collection && comparison) {
      throw new VectorStoreError(
        "vectorize",
        "invalid_input",
        `Vectorize cannot combine $in/$nin with other operators on "${key}"`,
      );
    }
    out[key] = Object.fromEntries(ops) as never;
  }
  if (byteLength(JSON.stringify(out)) > VECTORIZE_MAX_FILTER_BYTES) {
    throw new VectorStoreError(
      "vectorize",
      "invalid_input",
      "filter is 2048 bytes or more as JSON (Vectorize's limit)",
    );
  }
  return out;
}
