import type { Vehicle, VehicleSort } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";

/**
 * Every sort orders by one column then `id` in the same direction (a total order, so keyset pages
 * never skip or repeat rows on ties). NULLs (price, mileage) come last in both directions.
 */
export interface SortSpec {
  column: "first_seen_at" | "updated_at" | "price_amount" | "year" | "mileage";
  direction: "asc" | "desc";
  nullable: boolean;
  /** What the cursor stores for the sort column. */
  kind: "time" | "integer";
  valueOf(v: Vehicle): string | number | null;
}

export const SORTS: Record<VehicleSort, SortSpec> = {
  newest: {
    column: "first_seen_at",
    direction: "desc",
    nullable: false,
    kind: "time",
    valueOf: (v) => v.firstSeenAt,
  },
  updated_desc: {
    column: "updated_at",
    direction: "desc",
    nullable: false,
    kind: "time",
    valueOf: (v) => v.updatedAt,
  },
  price_asc: {
    column: "price_amount",
    direction: "asc",
    nullable: true,
    kind: "integer",
    valueOf: (v) => v.price?.amount ?? null,
  },
  price_desc: {
    column: "price_amount",
    direction: "desc",
    nullable: true,
    kind: "integer",
    valueOf: (v) => v.price?.amount ?? null,
  },
  year_desc: { column: "year", direction: "desc", nullable: false, kind: "integer", valueOf: (v) => v.year },
  year_asc: { column: "year", direction: "asc", nullable: false, kind: "integer", valueOf: (v) => v.year },
  mileage_asc: {
    column: "mileage",
    direction: "asc",
    nullable: true,
    kind: "integer",
    valueOf: (v) => v.mileage,
  },
};

export function sortSpec(sort: VehicleSort): SortSpec {
  if (!Object.hasOwn(SORTS, sort)) throw new TypeError(`unknown vehicle sort: ${String(sort)}`);
  return SORTS[sort];
}

/**
 * ORDER BY for a sort. `NULLS LAST` is written only for nullable columns, so NOT NULL sorts stay an
 * exact match for the (dealership_id, status, column, id) indexes (forward or backward scan).
 */
export function orderBy(spec: SortSpec): SQL {
  const dir = spec.direction === "asc" ? "ASC" : "DESC";
  return sql.raw(`${spec.column} ${dir}${spec.nullable ? " NULLS LAST" : ""}, id ${dir}`);
}

/** Rows strictly after (value, id) in the sort's order. */
export function keysetAfter(spec: SortSpec, value: string | number | null, id: string): SQL {
  const col = sql.raw(spec.column);
  const op = sql.raw(spec.direction === "asc" ? ">" : "<");
  if (value === null) {
    // Past the last non-null row: only NULL rows remain, ordered by id.
    return sql`(${col} IS NULL AND id ${op} ${id})`;
  }
  // Row-value comparison: one index range condition on (column, id) in SQLite and Postgres.
  const after = sql`(${col}, id) ${op} (${value}, ${id})`;
  return spec.nullable ? sql`(${after} OR ${col} IS NULL)` : after;
}
