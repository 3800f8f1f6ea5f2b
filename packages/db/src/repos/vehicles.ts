import type { PriceHistoryEntry, Vehicle, VehicleQuery } from "@forecourt/domain";
import { type SQL, sql } from "drizzle-orm";
import {
  DuplicateVinError,
  type VehicleRepository,
  type VehicleWrite,
  type VehicleWriteResult,
} from "../repositories";
import { PRICE_HISTORY_SELECT, rowToPriceHistory } from "../rows/price-history-row";
import {
  rowToVehicle,
  VEHICLE_INSERT_COLUMNS,
  VEHICLE_SELECT,
  VEHICLE_UPSERT_UPDATE_COLUMNS,
  vehicleRowValues,
} from "../rows/vehicle-row";
import type { Row, SqlExecutor } from "../sql/executor";
import { insertRows } from "../sql/insert-rows";
import { searchVehicles } from "../sql/vehicle-search";
import { normaliseIso } from "../time";
import { decidePatch, decideUpsert, type VehiclePatch } from "../vehicle-changes";

const UPSERT_SUFFIX = sql.raw(
  ` ON CONFLICT (dealership_id, vin) DO UPDATE SET ${VEHICLE_UPSERT_UPDATE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(", ")} RETURNING id, vin`,
);

/**
 * Appends the current price of the matching vehicles to their history, reading id and price from the
 * rows as just written in the same batch/transaction: the history always references the stored id
 * (also when a concurrent writer created the VIN first) and never a row that is gone.
 */
function appendPriceHistory(dealershipId: string, match: SQL, now: string, source: string): SQL {
  return sql`INSERT INTO price_history (vehicle_id, dealership_id, price_amount, price_currency, observed_at, source)
    SELECT id, dealership_id, price_amount, price_currency, ${now}, ${source} FROM vehicles
    WHERE dealership_id = ${dealershipId} AND ${match}`;
}

export function vehicleRepository(exec: SqlExecutor): VehicleRepository {
  const { dialect } = exec;

  return {
    async upsertMany(dealershipId, writes: VehicleWrite[], opts): Promise<VehicleWriteResult[]> {
      if (writes.length === 0) return [];
      const now = normaliseIso(opts.now);
      const vins = writes.map((w) => w.fields.vin);
      const seen = new Set<string>();
      for (const vin of vins) {
        if (seen.has(vin)) throw new DuplicateVinError(vin);
        seen.add(vin);
      }
      return exec.readThenWrite(async (read) => {
        // Current rows for these VINs (locked, and never from a read cache, on Postgres).
        const existingRows = await read(sql`
          SELECT ${VEHICLE_SELECT} FROM vehicles
          WHERE dealership_id = ${dealershipId} AND ${dialect.inList(sql.raw("vin"), vins)} AND ${dialect.freshRead}${dialect.lockRows}`);
        const existing = new Map(existingRows.map((r) => [String(r.vin), rowToVehicle(r)]));
        const decisions = writes.map((w) =>
          decideUpsert(existing.get(w.fields.vin), dealershipId, w.newId, w.fields, now),
        );

        const written = decisions
          .filter((d) => d.outcome !== "unchanged")
          .map((d) => vehicleRowValues(d.vehicle));
        const unchangedIds = decisions.filter((d) => d.outcome === "unchanged").map((d) => d.vehicle.id);
        const historyVins = decisions.filter((d) => d.appendHistory).map((d) => d.vehicle.vin);
        // Upsert, not plain insert: a VIN created concurrently after our read is updated, not duplicated.
        const upserts = insertRows(dialect, "vehicles", VEHICLE_INSERT_COLUMNS, written, UPSERT_SUFFIX);
        const statements = [...upserts];
        if (unchangedIds.length > 0) {
          statements.push(sql`UPDATE vehicles SET last_seen_at = ${now}
            WHERE dealership_id = ${dealershipId} AND ${dialect.inList(sql.raw("id"), unchangedIds)}`);
        }
        if (historyVins.length > 0) {
          statements.push(
            appendPriceHistory(dealershipId, dialect.inList(sql.raw("vin"), historyVins), now, opts.source),
          );
        }
        return {
          statements,
          result: (rows: Row[][]) => {
            // Ids as stored (RETURNING): they differ from newId only if a concurrent writer won the race.
            const stored = new Map(
              rows.slice(0, upserts.length).flatMap((rs) => rs.map((r) => [String(r.vin), String(r.id)])),
            );
            return decisions.map((d) => ({
              vin: d.vehicle.vin,
              id: stored.get(d.vehicle.vin) ?? d.vehicle.id,
              outcome: d.outcome,
              priceChanged: d.priceChanged,
            }));
          },
        };
      });
    },

    async get(dealershipId, id): Promise<Vehicle | null> {
      const [row] = await exec.query(
        sql`SELECT ${VEHICLE_SELECT} FROM vehicles WHERE dealership_id = ${dealershipId} AND id = ${id}`,
      );
      return row ? rowToVehicle(row) : null;
    },

    async getByVins(dealershipId, vins): Promise<Vehicle[]> {
      if (vins.length === 0) return [];
      const rows = await exec.query(sql`
        SELECT ${VEHICLE_SELECT} FROM vehicles
        WHERE dealership_id = ${dealershipId} AND ${dialect.inList(sql.raw("vin"), vins)}
        ORDER BY vin`);
      return rows.map(rowToVehicle);
    },

    async getByIds(dealershipId, ids): Promise<Vehicle[]> {
      if (ids.length === 0) return [];
      const rows = await exec.query(sql`
        SELECT ${VEHICLE_SELECT} FROM vehicles
        WHERE dealership_id = ${dealershipId} AND ${dialect.inList(sql.raw("id"), ids)}
        ORDER BY id`);
      return rows.map(rowToVehicle);
    },

    async update(
      dealershipId,
      id,
      patch: VehiclePatch,
      opts,
    ): Promise<{ vehicle: Vehicle; changed: boolean } | null> {
      const now = normaliseIso(opts.now);
      return exec.readThenWrite<{ vehicle: Vehicle; changed: boolean } | null>(async (read) => {
        const [row] = await read(sql`
          SELECT ${VEHICLE_SELECT} FROM vehicles
          WHERE dealership_id = ${dealershipId} AND id = ${id} AND ${dialect.freshRead}${dialect.lockRows}`);
        if (!row) return { statements: [], result: () => null };
        const existing = rowToVehicle(row);
        const decision = decidePatch(existing, patch, now);
        if (!decision.changed)
          return { statements: [], result: () => ({ vehicle: existing, changed: false }) };
        const values = vehicleRowValues(decision.vehicle);
        const sets = VEHICLE_UPSERT_UPDATE_COLUMNS.map(
          (column) => sql`${sql.raw(column)} = ${values[VEHICLE_INSERT_COLUMNS.indexOf(column)]}`,
        );
        const statements = [
          // RETURNING: the caller gets the row as written (no read-back that a cache could answer).
          sql`UPDATE vehicles SET ${sql.join(sets, sql`, `)}
              WHERE dealership_id = ${dealershipId} AND id = ${id} RETURNING ${VEHICLE_SELECT}`,
          ...(decision.priceChanged
            ? [appendPriceHistory(dealershipId, sql`id = ${id}`, now, opts.source)]
            : []),
        ];
        return {
          statements,
          result: (rows) => {
            const updated = rows[0]?.[0];
            return updated ? { vehicle: rowToVehicle(updated), changed: true } : null;
          },
        };
      });
    },

    async delete(dealershipId, id): Promise<boolean> {
      const [, deleted] = await exec.atomic([
        sql`DELETE FROM price_history WHERE dealership_id = ${dealershipId} AND vehicle_id = ${id}`,
        sql`DELETE FROM vehicles WHERE dealership_id = ${dealershipId} AND id = ${id} RETURNING id`,
      ]);
      return (deleted?.length ?? 0) > 0;
    },

    search(dealershipId, query: VehicleQuery) {
      return searchVehicles(exec, dealershipId, query);
    },

    async priceHistory(dealershipId, vehicleId): Promise<PriceHistoryEntry[]> {
      const rows = await exec.query(sql`
        SELECT ${PRICE_HISTORY_SELECT} FROM price_history
        WHERE dealership_id = ${dealershipId} AND vehicle_id = ${vehicleId}
        ORDER BY observed_at, id`);
      return rows.map(rowToPriceHistory);
    },
  };
}
