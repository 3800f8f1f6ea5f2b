import { sql } from "drizzle-orm";
import type { ComparableRow, QualityRepository, RescoreCandidate, ScoredVehicle } from "../repositories";
import { rowToVehicle, VEHICLE_SELECT } from "../rows/vehicle-row";
import { fromJson, toNumber, toNumberOrNull, toStringOrNull } from "../sql/decode";
import type { SqlExecutor } from "../sql/executor";
import { toIsoOrNull } from "../time";

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
              quality = ${JSON.stringify(s.quality)}, quality_rules_version = ${s.rulesVersion},
              quality_scored_at = ${s.scoredAt ?? null}
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
        SELECT ${VEHICLE_SELECT}, quality_score, quality, quality_rules_version, quality_scored_at FROM vehicles
        WHERE dealership_id = ${dealershipId}${ids}${status}
        ORDER BY id`);
      return rows.map((r) => ({
        vehicle: rowToVehicle(r),
        score: toNumberOrNull(r.quality_score),
        rulesVersion: toStringOrNull(r.quality_rules_version),
        quality: r.quality === null || r.quality === undefined ? null : fromJson<unknown>(r.quality),
        scoredAt: toIsoOrNull(r.quality_scored_at),
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

    async rescoreCandidates({ rulesVersion, yearBand, limit }): Promise<RescoreCandidate[]> {
      const band = Math.min(10, Math.max(0, Math.floor(yearBand)));
      // The EXISTS probe is one seek per year of the band in vehicles_comparables_idx (lower(make),
      // lower(model), year, updated_at): the years as an IN list keep updated_at usable after them, where
      // `year BETWEEN` would scan the whole segment for every vehicle (20,000 vehicles in segments of 2,000:
      // 114 s in SQLite with BETWEEN, 0.18 s like this; BENCHMARKS.md "Scale").
      const years = sql.join(
        Array.from({ length: 2 * band + 1 }, (_, i) => sql`v.year + ${i - band}`),
        sql`, `,
      );
      const rows = await exec.query(sql`
        SELECT v.dealership_id, v.id FROM vehicles v
        WHERE v.status = 'active' AND (
          v.quality_scored_at IS NULL OR v.quality_rules_version IS NULL
          OR v.quality_rules_version <> ${rulesVersion}
          OR EXISTS (SELECT 1 FROM vehicles c
            WHERE lower(c.make) = lower(v.make) AND lower(c.model) = lower(v.model)
              AND c.year IN (${years})
              AND c.updated_at > v.quality_scored_at))
        ORDER BY v.dealership_id, v.id
        LIMIT ${Math.max(1, Math.min(Math.floor(limit), 10_000))}`);
      return rows.map((r) => ({ dealershipId: String(r.dealership_id), vehicleId: String(r.id) }));
    },
  };
}
