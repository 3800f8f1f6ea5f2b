import type { VehiclePage, VehicleQuery } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import { rowToVehicle, VEHICLE_SELECT } from "../rows/vehicle-row";
import type { SqlExecutor } from "./executor";
import { readVehicleCursor, vehicleCursorAfter } from "./vehicle-cursor";
import { facetsQuery, shapeFacets } from "./vehicle-facets";
import { queryFingerprint, vehicleWhere } from "./vehicle-filters";
import { keysetAfter, orderBy, sortSpec } from "./vehicle-sort";

/** Largest page the repository serves, whatever the caller asks. */
export const MAX_PAGE_SIZE = 500;

/**
 * Search = one keyset page query (+1 row to know whether there is a next page) and, when asked,
 * one facets statement; both sent together (a single D1 batch round trip).
 */
export async function searchVehicles(
  exec: SqlExecutor,
  dealershipId: string,
  q: VehicleQuery,
): Promise<VehiclePage> {
  const spec = sortSpec(q.sort);
  const fingerprint = queryFingerprint(q);
  const after =
    q.cursor !== undefined && q.cursor !== null ? readVehicleCursor(q.cursor, spec, fingerprint) : null;
  if (!Number.isFinite(q.limit)) throw new TypeError(`search limit must be a number, got ${String(q.limit)}`);
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(q.limit)));
  const where = vehicleWhere(exec.dialect, dealershipId, q);
  const keyset: SQL = after ? sql` AND ${keysetAfter(spec, after.value, after.id)}` : sql``;
  const statements = [
    sql`SELECT ${VEHICLE_SELECT} FROM vehicles WHERE ${where}${keyset} ORDER BY ${orderBy(spec)} LIMIT ${limit + 1}`,
  ];
  const facets = q.facets && q.facets.length > 0 ? q.facets : null;
  if (facets) statements.push(facetsQuery(where, facets));

  const [rows = [], facetRows = []] = await exec.queryAll(statements);
  const items = rows.slice(0, limit).map(rowToVehicle);
  const last = items[items.length - 1];
  const page: VehiclePage = {
    items,
    nextCursor: rows.length > limit && last ? vehicleCursorAfter(spec, fingerprint, last) : null,
  };
  if (facets) page.facets = shapeFacets(facetRows, facets);
  return page;
}
