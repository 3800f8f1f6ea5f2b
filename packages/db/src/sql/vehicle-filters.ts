import type { VehicleQuery } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import { searchNeedle } from "../text-search";
import type { SqlDialect } from "./executor";

/**
 * The WHERE clause of a search (without the cursor): tenant, status and every filter, ANDed.
 * List filters match stored values exactly (the service normalises input like the scraper does, and
 * facet values round-trip); an empty list means "no filter". Ranges are inclusive; a price or mileage
 * bound excludes vehicles without a price or mileage.
 */
export function vehicleWhere(dialect: SqlDialect, dealershipId: string, q: VehicleQuery): SQL {
  const parts: SQL[] = [sql`dealership_id = ${dealershipId}`];
  const list = (column: string, values: readonly (string | number)[] | undefined) => {
    if (values && values.length > 0) parts.push(dialect.inList(sql.raw(column), values));
  };
  const bound = (column: string, op: ">=" | "<=", value: number | undefined) => {
    if (value !== undefined && value !== null) parts.push(sql`${sql.raw(column)} ${sql.raw(op)} ${value}`);
  };
  list("status", q.status);
  list("make", q.make);
  list("model", q.model);
  list("body_style", q.bodyStyle);
  list("condition", q.condition);
  list("fuel_type", q.fuelType);
  list("drivetrain", q.drivetrain);
  list("exterior_color_family", q.exteriorColorFamily);
  bound("year", ">=", q.yearMin);
  bound("year", "<=", q.yearMax);
  bound("price_amount", ">=", q.priceMin);
  bound("price_amount", "<=", q.priceMax);
  bound("mileage", "<=", q.mileageMax);
  const needle = searchNeedle(q.text);
  if (needle !== null) parts.push(dialect.contains(sql.raw("search_text"), needle));
  return sql.join(parts, sql` AND `);
}

/** Everything that defines the result set and its order (not the page size, cursor or facets). */
export function queryFingerprint(q: VehicleQuery): string {
  const sorted = (values: readonly (string | number)[] | undefined) =>
    values && values.length > 0 ? [...values].map(String).sort() : null;
  return JSON.stringify([
    q.sort,
    sorted(q.status),
    sorted(q.make),
    sorted(q.model),
    sorted(q.bodyStyle),
    sorted(q.condition),
    sorted(q.fuelType),
    sorted(q.drivetrain),
    sorted(q.exteriorColorFamily),
    q.yearMin ?? null,
    q.yearMax ?? null,
    q.priceMin ?? null,
    q.priceMax ?? null,
    q.mileageMax ?? null,
    searchNeedle(q.text),
  ]);
}
