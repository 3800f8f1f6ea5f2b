/**
 * Every number the scoring uses, in one place. Change any of them (or any rule) → bump RULES_VERSION so the
 * background recalculation rescores every vehicle whose stored rulesVersion differs.
 */

import type { FlagCode, FlagSeverity, PartName } from "./types";

export const RULES_VERSION = "quality-2026.1";

/** True when a score stored under `stored` was computed with other rules and must be recomputed. */
export function needsRescore(stored: string | null | undefined): boolean {
  return stored !== RULES_VERSION;
}

/** Parts in report order with their weights (points out of 100). */
export const PART_WEIGHTS: Readonly<Record<PartName, number>> = Object.freeze({
  completeness: 25,
  photos: 15,
  description: 15,
  vin: 15,
  plausibility: 10,
  price: 15,
  duplicates: 5,
});

export const PART_ORDER: readonly PartName[] = Object.freeze([
  "completeness",
  "photos",
  "description",
  "vin",
  "plausibility",
  "price",
  "duplicates",
]);

/** Key fields and their weight inside the completeness part (core fields count double). */
export const COMPLETENESS_FIELDS: readonly { field: string; label: string; weight: number }[] = Object.freeze(
  [
    { field: "year", label: "year", weight: 2 },
    { field: "make", label: "make", weight: 2 },
    { field: "model", label: "model", weight: 2 },
    { field: "vin", label: "VIN", weight: 2 },
    { field: "price", label: "price", weight: 2 },
    { field: "mileage", label: "mileage", weight: 2 },
    { field: "trim", label: "trim", weight: 1 },
    { field: "bodyStyle", label: "body style", weight: 1 },
    { field: "drivetrain", label: "drivetrain", weight: 1 },
    { field: "fuelType", label: "fuel type", weight: 1 },
    { field: "exteriorColor", label: "exterior colour", weight: 1 },
    { field: "interiorColor", label: "interior colour", weight: 1 },
    { field: "engine", label: "engine", weight: 1 },
    { field: "transmission", label: "transmission", weight: 1 },
    { field: "stockNumber", label: "stock number", weight: 1 },
  ],
);

export const PHOTOS = Object.freeze({
  /** Fewer than this many usable photos raises few_photos. */
  few: 8,
  /** This many usable photos or more scores 1. */
  full: 15,
  /** Score curve: [photos, score] points, linear in between. */
  curve: [
    [0, 0],
    [1, 0.15],
    [3, 0.35],
    [8, 0.7],
    [15, 1],
  ] as const,
});

export const DESCRIPTION = Object.freeze({
  /** Fewer words than this (or fewer characters than minChars) is thin. */
  thinWords: 12,
  thinChars: 60,
  /** Score from length: [words, score] points, linear in between, 1 from 60 words. */
  curve: [
    [0, 0],
    [12, 0.4],
    [30, 0.8],
    [60, 1],
  ] as const,
  /** Share of words inside boilerplate phrases that makes the description boilerplate. */
  boilerplateRatio: 0.4,
  /** …or this many distinct boilerplate phrases with at least boilerplateRatioWithMany of the words. */
  boilerplateMany: 3,
  boilerplateRatioWithMany: 0.25,
  /** Upper-case share of letters (with at least shoutingMinLetters letters) that is shouting. */
  shoutingUpperRatio: 0.6,
  shoutingMinLetters: 20,
  /** This many '!' in total is shouting too. */
  shoutingExclamations: 5,
  /** Unique-word ratio over the first uniqueWindow words below which the text is repetitive (keyword stuffing). */
  repetitiveUniqueRatio: 0.35,
  repetitiveMinWords: 30,
  uniqueWindow: 200,
  /** A repeated sentence must have at least this many words to count. */
  repeatedSentenceMinWords: 3,
  /** Only this many characters are analysed (hostile 10 MB descriptions). */
  maxChars: 20_000,
  factors: { shouting: 0.7, repeated: 0.75, repetitive: 0.7, boilerplateMax: 0.8 },
});

export const PLAUSIBILITY = Object.freeze({
  /** Model year Y goes on sale on 1 July of Y − 1; age is counted from then, at least 0.5 years. */
  minAgeYears: 0.5,
  /** More than this many miles per year of age (age counted as at least 1 year) is implausibly high. */
  maxMilesPerYear: 40_000,
  /** Used vehicles at least minAgeForLow years old with fewer than this many miles per year are implausibly low. */
  minMilesPerYear: 100,
  minAgeForLow: 3,
  /** Above this the odometer reading is absurd. */
  absurdMileage: 1_500_000,
  /** A "new" vehicle with more miles than this is not new. */
  newMaxMileage: 1_000,
  /** A "new" vehicle more than this many model years old is doubtful (info only). */
  newMaxAge: 2,
  earliestYear: 1900,
  factors: { high: 0.4, low: 0.5, newHighMileage: 0.5, newOld: 0.9 },
});

export const PRICE = Object.freeze({
  /** Below this many minor units (i.e. $100) an asking price is a placeholder, not a price. */
  minPlausible: 10_000,
  /** Above this (i.e. $50M) the price is absurd. */
  maxPlausible: 5_000_000_000,
  scores: { high: 0.6, overpriced: 0.2, outlierLow: 0.3, implausible: 0 },
});

export const MARKET = Object.freeze({
  /** Fewer usable comparables than this → "not enough data", never a guess. */
  minComparables: 5,
  /** |comparable year − subject year| must be at most this. */
  yearBand: 2,
  /** At most this many comparables are used (nearest by year, then mileage, then id). */
  maxComparables: 200,
  /** With at least this many valid comparables of the subject's trim, only those are used. */
  minTrimComparables: 10,
  /** A slope is fitted only from at least this many qualifying pairs. */
  minPairs: 15,
  /** Same-year pairs must differ by at least this many miles to give a mileage slope. */
  minPairMileageGap: 5_000,
  /** Defaults when a slope cannot be fitted (log-price units). */
  defaultMileageLogPer10k: -0.05,
  defaultYearLog: 0.1,
  /** Fitted slopes are clamped to these (log-price units): mileage never raises the price, etc. */
  mileageLogPer10kRange: [-0.2, 0] as const,
  yearLogRange: [0, 0.3] as const,
  /** Gross pre-filter on raw log prices: Tukey "far out" fences (3 × IQR), at least ln 2 beyond the quartiles. */
  grossFenceK: 3,
  grossFenceMin: Math.LN2,
  /** Outlier trim on adjusted log prices: Tukey fences (1.5 × IQR), at least 0.05 beyond the quartiles. */
  fenceK: 1.5,
  fenceMin: 0.05,
  /** Half-width of the expected range in log units: half the IQR of adjusted prices, clamped to this. */
  halfWidthRange: [0.05, 0.15] as const,
  /** Rating by position z = ln(price / median) / halfWidth. */
  thresholds: { great: -2, good: -1, high: 1, overpriced: 2 },
  /** price_outlier_low: z at or below this and price at most lowOutlierShare × median. */
  lowOutlierZ: -3,
  lowOutlierShare: 0.75,
  /** Comparables with a mileage above this are invalid. */
  maxMileage: 2_000_000,
});

export interface FlagInfo {
  part: PartName;
  /** Usual severity; a few flags are raised with a different one (see the README). */
  severity: FlagSeverity;
  meaning: string;
}

/** Every flag code, for documentation and UIs. */
export const FLAG_CATALOG: Readonly<Record<FlagCode, FlagInfo>> = Object.freeze({
  missing_fields: {
    part: "completeness",
    severity: "warning",
    meaning: "Key fields are empty (warning when year, make, model or VIN is missing; info otherwise).",
  },
  missing_mileage: {
    part: "completeness",
    severity: "warning",
    meaning: "A used or certified vehicle has no mileage.",
  },
  no_photos: { part: "photos", severity: "error", meaning: "The listing has no usable photo." },
  few_photos: { part: "photos", severity: "warning", meaning: "Fewer than 8 usable photos." },
  placeholder_photos: {
    part: "photos",
    severity: "warning",
    meaning: "Some photos are placeholders ('coming soon', 'no image').",
  },
  repeated_photos: {
    part: "photos",
    severity: "info",
    meaning: "The same photo URL appears more than once.",
  },
  missing_description: { part: "description", severity: "warning", meaning: "No description." },
  thin_description: {
    part: "description",
    severity: "warning",
    meaning: "Fewer than 12 words or 60 characters.",
  },
  boilerplate_description: {
    part: "description",
    severity: "warning",
    meaning: "Mostly stock dealer phrases ('call today', 'must see', 'won't last').",
  },
  shouting_description: {
    part: "description",
    severity: "info",
    meaning: "Mostly capital letters or many exclamation marks.",
  },
  repeated_sentences: {
    part: "description",
    severity: "info",
    meaning: "A sentence appears more than once.",
  },
  repetitive_description: {
    part: "description",
    severity: "info",
    meaning: "Few distinct words (keyword stuffing).",
  },
  invalid_vin: {
    part: "vin",
    severity: "error",
    meaning: "The VIN fails validation (length, characters, check digit…).",
  },
  vin_check_digit_mismatch: {
    part: "vin",
    severity: "warning",
    meaning: "Check digit wrong on a non-North-American VIN (not enforced there, but often a typo).",
  },
  vin_year_mismatch: {
    part: "vin",
    severity: "error",
    meaning: "The VIN's model year differs from the listed year (warning for non-North-American VINs).",
  },
  vin_make_mismatch: {
    part: "vin",
    severity: "error",
    meaning: "The VIN's make differs from the listed make (warning for non-North-American VINs).",
  },
  year_implausible: {
    part: "plausibility",
    severity: "error",
    meaning: "Year missing, before 1900, or after next model year.",
  },
  mileage_implausible: {
    part: "plausibility",
    severity: "warning",
    meaning:
      "Mileage negative or absurd (error), over 40,000 mi/yr, or under 100 mi/yr for a used vehicle 3+ years old.",
  },
  condition_mileage_mismatch: {
    part: "plausibility",
    severity: "warning",
    meaning: "Listed as new with more than 1,000 miles.",
  },
  condition_year_mismatch: {
    part: "plausibility",
    severity: "info",
    meaning: "Listed as new but more than 2 model years old.",
  },
  missing_price: { part: "price", severity: "warning", meaning: "No asking price." },
  price_implausible: {
    part: "price",
    severity: "error",
    meaning: "Price under $100 or over $50M: a placeholder or a typo.",
  },
  price_outlier_high: {
    part: "price",
    severity: "warning",
    meaning: "Overpriced against comparable vehicles.",
  },
  price_above_market: {
    part: "price",
    severity: "info",
    meaning: "Priced high against comparable vehicles.",
  },
  price_outlier_low: {
    part: "price",
    severity: "warning",
    meaning: "So far below comparable vehicles that the price is probably wrong.",
  },
  insufficient_market_data: {
    part: "price",
    severity: "info",
    meaning: "Fewer than 5 comparable vehicles: no market rating.",
  },
  possible_duplicate: {
    part: "duplicates",
    severity: "warning",
    meaning:
      "Same VIN, photos or description as other listings (info for descriptions and other dealerships).",
  },
});
