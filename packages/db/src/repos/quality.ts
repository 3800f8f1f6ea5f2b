import { sql } from "drizzle-orm";
import type { ComparableRow, QualityRepository, ScoredVehicle } from "../repositories";
import { rowToVehicle, VEHICLE_SELECT } from "../rows/vehicle-row";
import { fromJson, toNumber, toNumberOrNull, toStringOrNull } from "../sql/decode";
import type { SqlExecutor } from "../sql/executor";

/** Statements per atomic batch when storing scores (D1 caps a batch's size). */
const WRITE_CHUNK = 500;

export function qualityRepository(exec: SqlExecutor): QualityRepository {
  const { dialect } = exec;

  return {
    async writeScores(dealershipId, scores): Promise<void> {
      for (let i = 0; i < scores.length; i += WRITE_CHUNK) {
        const chunk = scores.slice(i, i + WRITE_CHUNK);
        await exec.atomic(
          chunk.map(
            (s) => sql`UPDATE vehicles SET quality_score = ${Math.round(s.score)},
              quality = ${JSON.stringify(s.quality)}, quality_rules_version = ${s.rulesVersion}
              WHERE dealership_id = ${dealershipId} AND id = ${s.vehicleId}`,
          ),
        );
      }
    },

    async list(dealershipId, opts = {}): Promise<ScoredVehicle[]> {
      if (opts.ids && opts.ids.length === 0) return [];
      const ids = opts.ids ? sql` AND ${dialect.inList(sql.raw("id"), opts.ids)}` : sql``;
      const status = opts.status ? sql` AND status = ${opts.status}` : sql``;
      const rows = await exec.query(sql`
        SELECT ${VEHICLE_SELECT}, quality_score, quality, quality_rules_version FROM vehicles
        WHERE dealership_id = ${dealershipId}${ids}${status}
        ORDER BY id`);
      return rows.map((r) => ({
        vehicle: rowToVehicle(r),
        score: toNumberOrNull(r.quality_score),
        rulesVersion: toStringOrNull(r.quality_rules_version),
        quality: r.quality === null || r.quality === undefined ? null : fromJson<unknown>(r.quality),
      }));
    },

    async comparables({ make, model, yearFrom, yearTo, limit = 2000 }): Promise<ComparableRow[]> {
      const mileage = sql`COALESCE(mileage, CASE WHEN condition = 'new' THEN 0 END)`;
      const rows = await exec.query(sql`
        SELECT id, dealership_id, price_amount, ${mileage} AS comparable_mileage, year, trim, price_currency
        FROM vehicles
        WHERE lower(make) = lower(${make}) AND lower(model) = lower(${model})
          AND year BETWEEN ${yearFrom} AND ${yearTo}
          AND status = 'active'
          AND price_amount IS NOT NULL AND price_amount > 0
          AND ${mileage} IS NOT NULL
        ORDER BY id
        LIMIT ${Math.max(1, Math.min(limit, 10_000))}`);
      return rows.map((r) => ({
        vehicleId: String(r.id),
        dealershipId: String(r.dealership_id),
        price: toNumber(r.price_amount),
        mileage: toNumber(r.comparable_mileage),
        year: toNumber(r.year),
        trim: toStringOrNull(r.trim),
        currency: toStringOrNull(r.price_currency),
      }));
    },
  };
}
