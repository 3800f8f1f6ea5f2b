import type { ComparableRow, Repositories } from "@forecourt/db";
import type { Principal, Vehicle } from "@forecourt/domain";
import {
  type Comparable,
  type DealershipQualitySummary,
  type DuplicateHint,
  findDuplicateHints,
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
/** Vehicles rescored per background tick (scraper cron) at most; the rest wait for the next tick. */
export const RESCORE_BATCH = 500;
/**
 * Dealerships rescored per background tick at most. Each costs ~3 D1 queries (its lists and the write) on
 * top of one comparables query per make+model, and the tick shares one invocation's 1,000-query limit
 * with the schedule scan and the stalled-job reaper (docs/capacity.md): 50 keeps the worst case (500
 * vehicles of 500 distinct dealerships) near 650 queries. The rest wait for the next tick.
 */
export const RESCORE_DEALERSHIPS = 50;

/**
 * Duplicate hints of one vehicle as a stable string, stored beside its report (`duplicateKey`), so a rescore
 * sees when the duplicates changed. null = duplicates were not checked for this score.
 */
export function duplicateKey(hints: readonly DuplicateHint[] | undefined): string {
  if (!hints || hints.length === 0) return "";
  return hints
    .map((h) => `${h.kind}:${h.scope ?? "dealership"}:${[...h.vehicleIds].sort().join(",")}`)
    .sort()
    .join("|");
}

/** Duplicate hints among a dealership's active listings (packages/quality findDuplicateHints). */
function hintsFor(listings: Vehicle[]): Map<string, DuplicateHint[]> {
  return findDuplicateHints(
    listings
      .filter((v) => v.status === "active")
      .map((v) => ({ id: v.id, vin: v.vin, photos: v.photos, description: v.description })),
  );
}

function storedDuplicateKey(quality: unknown): string | null {
  if (!quality || typeof quality !== "object") return null;
  const k = (quality as { duplicateKey?: unknown }).duplicateKey;
  return typeof k === "string" ? k : null;
}

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

  /**
   * Scores these vehicles of the dealership (ids it does not have are ignored). Returns how many. Duplicate
   * listings are checked against the dealership's active inventory (one read of it); with
   * `duplicates: false` (the scraper's per-batch path) they are left to the rescore after the scrape, which
   * sees the whole lot at once.
   */
  async scoreVehicles(
    dealershipId: string,
    vehicleIds: string[],
    opts: { duplicates?: boolean } = {},
  ): Promise<number> {
    if (vehicleIds.length === 0) return 0;
    const ids = [...new Set(vehicleIds)];
    if (opts.duplicates === false) {
      const rows = await this.repos.quality.list(dealershipId, { ids });
      return this.scoreAndStore(
        dealershipId,
        rows.map((r) => r.vehicle),
        null,
      );
    }
    const active = await this.repos.quality.list(dealershipId, { status: "active" });
    const wanted = new Set(ids);
    const others = ids.length > 0 ? await this.repos.quality.list(dealershipId, { ids }) : [];
    const targets = others.map((r) => r.vehicle).filter((v) => wanted.has(v.id));
    return this.scoreAndStore(dealershipId, targets, hintsFor(active.map((r) => r.vehicle)));
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
    const hints = hintsFor(rows.map((r) => r.vehicle));
    // Stale: never scored, older rules, or its duplicate listings changed (or were never checked).
    const stale = rows.filter(
      (r) =>
        opts.all ||
        r.score === null ||
        needsRescore(r.rulesVersion) ||
        (r.vehicle.status === "active" &&
          storedDuplicateKey(r.quality) !== duplicateKey(hints.get(r.vehicle.id))),
    );
    const scored = await this.scoreAndStore(
      dealershipId,
      stale.map((r) => r.vehicle),
      hints,
    );
    return { scored, total: rows.length };
  }

  /**
   * The background rescore (scraper cron): active vehicles of any dealership whose score is stale — never
   * scored, older RULES_VERSION, or their market segment (same make/model, year ±2, any dealership) changed
   * after they were scored — at most `limit` per call, dealership by dealership, with their duplicate hints.
   * and at most `maxDealerships` dealerships per call (RESCORE_DEALERSHIPS). Scoring stamps `scoredAt`, so
   * the next call continues with the rest. `more` says a bound was reached.
   */
  async rescoreStale(
    opts: { limit?: number; maxDealerships?: number } = {},
  ): Promise<{ scored: number; dealerships: number; more: boolean }> {
    const limit = Math.max(1, Math.min(opts.limit ?? RESCORE_BATCH, 5_000));
    const maxDealerships = Math.max(1, Math.floor(opts.maxDealerships ?? RESCORE_DEALERSHIPS));
    const candidates = await this.repos.quality.rescoreCandidates({
      rulesVersion: RULES_VERSION,
      yearBand: YEAR_BAND,
      limit,
    });
    const byDealership = new Map<string, string[]>();
    for (const c of candidates) {
      const list = byDealership.get(c.dealershipId);
      if (list) list.push(c.vehicleId);
      else byDealership.set(c.dealershipId, [c.vehicleId]);
    }
    const batch = [...byDealership].slice(0, maxDealerships);
    let scored = 0;
    for (const [dealershipId, ids] of batch) scored += await this.scoreVehicles(dealershipId, ids);
    return {
      scored,
      dealerships: batch.length,
      more: candidates.length >= limit || byDealership.size > batch.length,
    };
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

  /** `duplicates`: hints for the dealership's listings, or null when they were not checked. */
  private async scoreAndStore(
    dealershipId: string,
    vehicles: Vehicle[],
    duplicates: Map<string, DuplicateHint[]> | null,
  ): Promise<number> {
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
      const hints = duplicates?.get(v.id);
      const report = scoreVehicle(v, {
        now,
        market: comparables ? { comparables } : null,
        duplicates: hints ?? null,
        rulesVersion: RULES_VERSION,
      });
      return {
        vehicleId: v.id,
        score: report.score,
        rulesVersion: report.rulesVersion,
        quality: { ...report, duplicateKey: duplicates ? duplicateKey(hints) : null },
        scoredAt: now.toISOString(),
      };
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
