import type { ComparableRow, Repositories } from "@forecourt/db";
import type { Principal, Vehicle } from "@forecourt/domain";
import {
  type Comparable,
  type DealershipQualitySummary,
  needsRescore,
  type QualityFlag,
  type QualityReport,
  RULES_VERSION,
  scoreVehicle,
  summarizeDealership,
} from "@forecourt/quality";
import type { Clock } from "../clock";
import { notFound } from "../errors";
import { authorizeDealership, requireUser } from "../policy";

/** Year band of the price model (packages/quality/README.md: ±2 model years). */
const YEAR_BAND = 2;

/** The quality a staff route shows for one vehicle. */
export interface VehicleQuality {
  score: number;
  flags: QualityFlag[];
  parts: QualityReport["parts"];
  market: QualityReport["market"];
}

export interface DealershipQuality
  extends Pick<
    DealershipQualitySummary,
    "count" | "averageScore" | "median" | "distribution" | "flagCounts"
  > {
  worst: {
    vehicleId: string;
    vin: string;
    year: number;
    make: string;
    model: string;
    score: number;
    flags: string[];
  }[];
}

/** Stored quality JSON → the API shape (null for unscored or unreadable rows). */
export function presentQuality(score: number | null, quality: unknown): VehicleQuality | null {
  if (score === null || !quality || typeof quality !== "object") return null;
  const q = quality as Partial<QualityReport>;
  return { score, flags: q.flags ?? [], parts: q.parts ?? [], market: q.market ?? null };
}

/**
 * Scores listings with @forecourt/quality and stores the reports on the vehicles. Write paths call
 * `scoreVehicles` after each write; the background job calls `rescore` (vehicles never scored or scored
 * under an older RULES_VERSION). Comparables come from all dealerships but only their count and range
 * leave the quality package; one comparables query per distinct make+model in a batch.
 */
export class QualityService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
  ) {}

  /** Scores these vehicles of the dealership (ids it does not have are ignored). Returns how many. */
  async scoreVehicles(dealershipId: string, vehicleIds: string[]): Promise<number> {
    if (vehicleIds.length === 0) return 0;
    const rows = await this.repos.quality.list(dealershipId, { ids: [...new Set(vehicleIds)] });
    return this.scoreAndStore(
      dealershipId,
      rows.map((r) => r.vehicle),
    );
  }

  /**
   * Background recalculation: rescores every vehicle of the dealership that was never scored or whose
   * stored rules version `needsRescore`; with `all`, every vehicle (e.g. when comparables moved).
   */
  async rescore(
    dealershipId: string,
    opts: { all?: boolean } = {},
  ): Promise<{ scored: number; total: number }> {
    const rows = await this.repos.quality.list(dealershipId);
    const stale = rows.filter((r) => opts.all || r.score === null || needsRescore(r.rulesVersion));
    const scored = await this.scoreAndStore(
      dealershipId,
      stale.map((r) => r.vehicle),
    );
    return { scored, total: rows.length };
  }

  /**
   * Stored quality of these vehicles, for staff replies. No authorisation: call it only with ids a
   * service call already authorised for this principal and dealership.
   */
  async forVehicles(dealershipId: string, vehicleIds: string[]): Promise<Map<string, VehicleQuality | null>> {
    const rows = await this.repos.quality.list(dealershipId, { ids: [...new Set(vehicleIds)] });
    return new Map(rows.map((r) => [r.vehicle.id, presentQuality(r.score, r.quality)]));
  }

  /** Per-dealership summary of the active inventory: score statistics, flag counts and the worst listings. */
  async summary(
    principal: Principal,
    dealershipId: string,
    opts: { worst?: number } = {},
  ): Promise<DealershipQuality> {
    authorizeDealership(principal, dealershipId, "read");
    requireUser(principal, "read quality reports");
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
    const rows = await this.repos.quality.list(dealershipId, { status: "active" });
    const byId = new Map(rows.map((r) => [r.vehicle.id, r.vehicle]));
    const reports = rows
      .map((r) => ({ vehicleId: r.vehicle.id, q: presentQuality(r.score, r.quality) }))
      .filter((r): r is { vehicleId: string; q: VehicleQuality } => r.q !== null)
      .map((r) => ({ vehicleId: r.vehicleId, score: r.q.score, flags: r.q.flags }));
    const s = summarizeDealership(reports, { worst: opts.worst ?? 10 });
    return {
      count: s.count,
      averageScore: s.averageScore,
      median: s.median,
      distribution: s.distribution,
      flagCounts: s.flagCounts,
      worst: s.worst.flatMap((w) => {
        const v = byId.get(w.vehicleId);
        return v
          ? [
              {
                vehicleId: v.id,
                vin: v.vin,
                year: v.year,
                make: v.make,
                model: v.model,
                score: w.score,
                flags: w.flags,
              },
            ]
          : [];
      }),
    };
  }

  private async scoreAndStore(dealershipId: string, vehicles: Vehicle[]): Promise<number> {
    if (vehicles.length === 0) return 0;
    const now = this.clock.now();
    // One comparables query per make+model, covering every year band the batch needs.
    const groups = new Map<string, { make: string; model: string; from: number; to: number }>();
    for (const v of vehicles) {
      if (v.status !== "active" || !Number.isInteger(v.year)) continue;
      const key = groupKey(v);
      const g = groups.get(key);
      if (g) {
        g.from = Math.min(g.from, v.year - YEAR_BAND);
        g.to = Math.max(g.to, v.year + YEAR_BAND);
      } else
        groups.set(key, { make: v.make, model: v.model, from: v.year - YEAR_BAND, to: v.year + YEAR_BAND });
    }
    const markets = new Map<string, Comparable[]>();
    for (const [key, g] of groups) {
      const rows = await this.repos.quality.comparables({
        make: g.make,
        model: g.model,
        yearFrom: g.from,
        yearTo: g.to,
      });
      markets.set(key, rows.map(toComparable));
    }
    const scores = vehicles.map((v) => {
      const comparables = markets.get(groupKey(v));
      const report = scoreVehicle(v, {
        now,
        market: comparables ? { comparables } : null,
        rulesVersion: RULES_VERSION,
      });
      return { vehicleId: v.id, score: report.score, rulesVersion: report.rulesVersion, quality: report };
    });
    await this.repos.quality.writeScores(dealershipId, scores);
    return scores.length;
  }
}

const groupKey = (v: Vehicle) => `${v.make.toLowerCase()}\u0000${v.model.toLowerCase()}`;

function toComparable(r: ComparableRow): Comparable {
  return {
    price: r.price,
    mileage: r.mileage,
    year: r.year,
    dealershipId: r.dealershipId,
    vehicleId: r.vehicleId,
    ...(r.currency ? { currency: r.currency } : {}),
    trim: r.trim,
  };
}
