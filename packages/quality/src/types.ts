/** Public types of the quality module. Plain data, no I/O. */

import type { VehicleFields } from "@forecourt/domain";

export type FlagSeverity = "info" | "warning" | "error";

export type PartName =
  | "completeness"
  | "photos"
  | "description"
  | "vin"
  | "plausibility"
  | "price"
  | "duplicates";

export type FlagCode =
  // completeness
  | "missing_fields"
  | "missing_mileage"
  // photos
  | "no_photos"
  | "few_photos"
  | "placeholder_photos"
  | "repeated_photos"
  // description
  | "missing_description"
  | "thin_description"
  | "boilerplate_description"
  | "shouting_description"
  | "repeated_sentences"
  | "repetitive_description"
  // vin
  | "invalid_vin"
  | "vin_check_digit_mismatch"
  | "vin_year_mismatch"
  | "vin_make_mismatch"
  // plausibility
  | "year_implausible"
  | "mileage_implausible"
  | "condition_mileage_mismatch"
  | "condition_year_mismatch"
  // price
  | "missing_price"
  | "price_implausible"
  | "price_outlier_high"
  | "price_above_market"
  | "price_outlier_low"
  | "insufficient_market_data"
  // duplicates
  | "possible_duplicate";

export interface QualityFlag {
  /** Stable machine code; see FLAG_CATALOG and the README. */
  code: FlagCode;
  severity: FlagSeverity;
  /** The part of the score the flag belongs to. */
  part: PartName;
  /** What is wrong and what to fix, worded for dealer staff. */
  message: string;
}

export interface QualityPart {
  name: PartName;
  /** Points this part is worth; the weights of all parts sum to 100. */
  weight: number;
  /** 0..1, rounded to 3 decimals. */
  score: number;
  /** One line saying how the part scored. */
  detail: string;
}

export type DealRating = "great" | "good" | "fair" | "high" | "overpriced";

/** A comparable listing for the price model (same make+model, year band, any dealership). */
export interface Comparable {
  /** Asking price in integer minor units. */
  price: number;
  mileage: number;
  year: number;
  dealershipId: string;
  vehicleId: string;
  /** ISO 4217; when given and different from the subject's currency the comparable is not used. */
  currency?: string;
  /** When given: if enough comparables share the subject's trim, only those are used (see MARKET.minTrimComparables). */
  trim?: string | null;
}

export interface PriceModel {
  /** "fitted" when both slopes came from the comparables, "default" when neither did, "mixed" otherwise. */
  method: "fitted" | "default" | "mixed";
  /** Price change per 10,000 more miles, in percent (negative: more miles, lower price). */
  mileagePctPer10k: number;
  mileageFitted: boolean;
  /** Price change per newer model year at equal mileage, in percent. */
  yearPct: number;
  yearFitted: boolean;
  /** Mileage the comparables were adjusted to (the subject's, or an assumption when it has none). */
  subjectMileage: number;
  /** True when the subject has no usable mileage and `subjectMileage` was assumed. */
  mileageAssumed: boolean;
  /** True when only comparables with the subject's trim were used. */
  trimMatched: boolean;
}

export interface ExpectedRange {
  /** Integer minor units. */
  low: number;
  median: number;
  high: number;
}

export interface PriceAssessment {
  /** null when there is no rating; `reason` says why. */
  rating: DealRating | null;
  /** "not enough data" | "no price" | "no valid year"; null when rated. */
  reason: string | null;
  /** Comparables the expected range was computed from (after exclusions and outlier trimming). */
  comparables: number;
  /** Comparables given by the caller. */
  considered: number;
  /** Dropped before modelling: invalid values, outside the year band, the subject itself, repeats, other currency, over the cap. */
  excluded: number;
  /** Dropped as outliers (Tukey fences). */
  trimmed: number;
  /** The subject's asking price (minor units), null when it has none. */
  price: number | null;
  currency: string | null;
  expected: ExpectedRange | null;
  /** price − expected.median (minor units). */
  difference: number | null;
  /** (price / expected.median − 1) × 100, one decimal. */
  differencePct: number | null;
  /** ln(price / median) divided by the half-width of the expected range, two decimals. */
  position: number | null;
  /** "low" for a price so far below the market that it is probably wrong; "high" when overpriced. */
  outlier: "low" | "high" | null;
  model: PriceModel | null;
  /** Hash of the comparables used and the rules version: a changed fingerprint means the market moved. */
  fingerprint: string | null;
  /** One sentence for people. */
  explanation: string;
}

/** Market input for scoreVehicle: raw comparables (assessPrice is run) or an assessment computed earlier. */
export type MarketStats = { comparables: readonly Comparable[] } | { assessment: PriceAssessment };

export type DuplicateKind = "same_vin" | "same_photos" | "same_description";

/** Another listing that looks like the same vehicle, found by the caller (see findDuplicateHints). */
export interface DuplicateHint {
  kind: DuplicateKind;
  /** The other listings' ids. A hint with no ids is ignored. */
  vehicleIds: readonly string[];
  /** Where the other listings are; default "dealership". */
  scope?: "dealership" | "other_dealership";
}

export interface ScoreContext {
  /** "Today": VIN model-year cycles, vehicle age, future-year checks. Required so scores are deterministic. */
  now: Date;
  market?: MarketStats | null;
  duplicates?: readonly DuplicateHint[] | null;
  /**
   * The rules version the caller expects. When given and different from RULES_VERSION, scoreVehicle throws
   * (a worker built with other rules must not write scores under the wrong label).
   */
  rulesVersion?: string;
}

export type ScorableVehicle = VehicleFields & { id?: string };

export interface QualityReport {
  /** 0..100 integer: round(Σ weight × part score). */
  score: number;
  rulesVersion: string;
  parts: QualityPart[];
  /** Sorted by severity (error, warning, info), then part order. */
  flags: QualityFlag[];
  market: PriceAssessment | null;
}

export interface ScoreBucket {
  /** "0–9", …, "90–100". */
  label: string;
  from: number;
  to: number;
  count: number;
}

export interface DealershipQualitySummary {
  count: number;
  /** Reports whose score was not a finite number (left out of every statistic). */
  skipped: number;
  /** One decimal; null when count is 0. */
  averageScore: number | null;
  median: number | null;
  distribution: ScoreBucket[];
  /** Lowest scores first (ties: more error flags first, then vehicle id). */
  worst: { vehicleId: string; score: number; flags: string[] }[];
  /** Vehicles carrying each flag code, most frequent first (ties by code). */
  flagCounts: { code: string; count: number }[];
  /** Vehicles with at least one flag of each severity. */
  severityCounts: Record<FlagSeverity, number>;
}
