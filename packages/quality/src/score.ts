/** scoreVehicle: the whole quality report for one listing. Pure and deterministic for the same input and `now`. */

import {
  marketAssessment,
  type PartResult,
  scoreCompleteness,
  scoreDescription,
  scoreDuplicates,
  scorePhotos,
  scorePlausibility,
  scorePrice,
  scoreVin,
} from "./parts";
import { PART_ORDER, PART_WEIGHTS, RULES_VERSION } from "./rules";
import { clamp, round } from "./stats";
import type {
  FlagSeverity,
  PartName,
  QualityFlag,
  QualityPart,
  QualityReport,
  ScorableVehicle,
  ScoreContext,
} from "./types";

const SEVERITY_RANK: Readonly<Record<FlagSeverity, number>> = { error: 0, warning: 1, info: 2 };

export class QualityRulesVersionError extends Error {
  constructor(expected: string) {
    super(
      `quality rules version mismatch: caller expects "${expected}", this build scores with "${RULES_VERSION}"`,
    );
    this.name = "QualityRulesVersionError";
  }
}

function validNow(now: unknown): Date {
  if (!(now instanceof Date) || !Number.isFinite(now.getTime())) {
    throw new TypeError(
      "scoreVehicle: ctx.now must be a valid Date (scores depend on it; pass it explicitly)",
    );
  }
  return now;
}

/** Score one listing. Never throws on bad vehicle data; throws only on a bad `ctx` (programming error). */
export function scoreVehicle(vehicle: ScorableVehicle, ctx: ScoreContext): QualityReport {
  const now = validNow(ctx?.now);
  if (ctx.rulesVersion !== undefined && ctx.rulesVersion !== RULES_VERSION) {
    throw new QualityRulesVersionError(String(ctx.rulesVersion));
  }
  const v: ScorableVehicle =
    typeof vehicle === "object" && vehicle !== null ? vehicle : ({} as unknown as ScorableVehicle);
  const market = marketAssessment(v, ctx.market, now);

  const results: Record<PartName, PartResult> = {
    completeness: scoreCompleteness(v),
    photos: scorePhotos(v),
    description: scoreDescription(v),
    vin: scoreVin(v, now),
    plausibility: scorePlausibility(v, now),
    price: scorePrice(v, market),
    duplicates: scoreDuplicates(ctx.duplicates),
  };

  const parts: QualityPart[] = [];
  const flags: QualityFlag[] = [];
  let total = 0;
  for (const name of PART_ORDER) {
    const r = results[name];
    const score = round(clamp(Number.isFinite(r.score) ? r.score : 0, 0, 1), 3);
    const weight = PART_WEIGHTS[name];
    parts.push({ name, weight, score, detail: r.detail });
    flags.push(...r.flags);
    total += weight * score;
  }
  // Stable sort: severity first, part order (emission order) second.
  flags.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  return {
    score: clamp(Math.round(total), 0, 100),
    rulesVersion: RULES_VERSION,
    parts,
    flags,
    market,
  };
}
