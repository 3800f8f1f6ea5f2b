import type { ScrapeCounts } from "@forecourt/domain";
import type { HealthRules } from "./settings";

export interface HealthInput {
  counts: ScrapeCounts;
  /** Why discovery stopped early, if it did. */
  truncated: string | null;
  /** Active vehicles the scrape did not see (what it would remove). */
  unseen: number;
  /** Active vehicles before this scrape (those it created excluded). */
  activeBefore: number;
  /** The last succeeded scrape of the dealership. */
  baseline: { jobId: string; vehiclesFound: number } | null;
}

export interface HealthDecision {
  /** Complete and healthy: unseen vehicles may be removed. */
  healthy: boolean;
  /** Why not (human-readable, one per failed rule). */
  reasons: string[];
  /** What "found" was compared with. */
  baselineFound: number;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * May this scrape remove what it did not see? Only a COMPLETE (no budget cut) and HEALTHY scrape may:
 * - not mostly errors: failed pages ≤ maxErrorRatio of the pages tried;
 * - not far fewer vehicles than before: found ≥ minFoundRatio × baseline, where the baseline is the last
 *   succeeded scrape's count, or (first scrape) the active vehicles already there;
 * - not a mass removal: unseen ≤ maxRemovedRatio × active vehicles (for lots of a meaningful size).
 * Otherwise the job ends `needs_review` with the removals it would have applied.
 */
export function assessHealth(input: HealthInput, rules: HealthRules): HealthDecision {
  const reasons: string[] = [];
  const { counts } = input;
  if (input.truncated) reasons.push(`incomplete: ${input.truncated}`);
  const tried = counts.pagesFetched + counts.pagesFailed;
  if (tried === 0) reasons.push("no page could be fetched");
  else if (counts.pagesFailed / tried > rules.maxErrorRatio) {
    reasons.push(
      `mostly errors: ${counts.pagesFailed} of ${tried} pages failed (more than ${pct(rules.maxErrorRatio)})`,
    );
  }
  const baselineFound = input.baseline ? input.baseline.vehiclesFound : input.activeBefore;
  if (baselineFound > 0 && counts.vehiclesFound < rules.minFoundRatio * baselineFound) {
    const against = input.baseline
      ? `the last healthy scrape (${input.baseline.jobId}) found ${input.baseline.vehiclesFound}`
      : `${input.activeBefore} vehicles were active`;
    reasons.push(
      `found ${counts.vehiclesFound} vehicles, fewer than ${pct(rules.minFoundRatio)} of the baseline: ${against}`,
    );
  }
  if (
    input.activeBefore >= rules.minActiveForRemovedRatio &&
    input.unseen > rules.maxRemovedRatio * input.activeBefore
  ) {
    reasons.push(
      `would remove ${input.unseen} of ${input.activeBefore} active vehicles (more than ${pct(rules.maxRemovedRatio)})`,
    );
  }
  return { healthy: reasons.length === 0, reasons, baselineFound };
}
