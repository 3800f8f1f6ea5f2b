/**
 * Price vs market. Comparables are adjusted to the subject's mileage and model year in log-price space
 * (depreciation is proportional), outliers are trimmed with Tukey fences, and the median and IQR of the
 * adjusted prices give the expected range and the deal rating. See the README for the model in words.
 */

import { MARKET, RULES_VERSION } from "./rules";
import { clamp, finite, fnv1a, median, quantileSorted, round, sorted } from "./stats";
import type { Comparable, DealRating, PriceAssessment, PriceModel, ScorableVehicle } from "./types";

export interface AssessPriceOptions {
  now: Date;
  /** Default MARKET.minComparables (5). Values below 3 are raised to 3. */
  minComparables?: number;
  /** Default MARKET.yearBand (2). */
  yearBand?: number;
}

/** The subject fields the price model reads. */
export type PriceSubject = Pick<ScorableVehicle, "year" | "price" | "mileage" | "condition"> & {
  id?: string;
  trim?: string | null;
};

interface Comp {
  id: string;
  trim: string;
  dealershipId: string;
  price: number;
  logPrice: number;
  mileage: number;
  year: number;
}

function trimKey(trim: unknown): string {
  return typeof trim === "string" ? trim.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "") : "";
}

function subjectPrice(v: PriceSubject): { amount: number | null; currency: string | null } {
  const price: unknown = v.price;
  if (typeof price !== "object" || price === null) return { amount: null, currency: null };
  const amount = finite((price as { amount?: unknown }).amount);
  const cur = (price as { currency?: unknown }).currency;
  const currency = typeof cur === "string" && cur.trim() !== "" ? cur.trim().toUpperCase() : null;
  return { amount: amount !== null && amount > 0 ? Math.round(amount) : null, currency };
}

function validYear(y: unknown): number | null {
  const n = finite(y);
  return n !== null && Number.isInteger(n) && n >= 1900 && n <= 2200 ? n : null;
}

function emptyAssessment(
  reason: string,
  considered: number,
  excluded: number,
  comparables: number,
  trimmed: number,
  price: number | null,
  currency: string | null,
): PriceAssessment {
  return {
    rating: null,
    reason,
    comparables,
    considered,
    excluded,
    trimmed,
    price,
    currency,
    expected: null,
    difference: null,
    differencePct: null,
    position: null,
    outlier: null,
    model: null,
    fingerprint: null,
    explanation:
      reason === "not enough data"
        ? `Not enough data: ${comparables} usable comparable vehicle${comparables === 1 ? "" : "s"}, at least ${MARKET.minComparables} needed; no rating is given rather than a guess.`
        : reason === "no valid year"
          ? "The vehicle has no valid model year, so comparable vehicles cannot be matched."
          : "No rating without an asking price.",
  };
}

/** Median of pairwise slopes (Theil–Sen) over the pairs `accept` keeps; null with fewer than MARKET.minPairs. */
function pairwiseMedianSlope(
  comps: readonly Comp[],
  x: (c: Comp) => number,
  y: (c: Comp) => number,
  sameYear: boolean,
  minGap: number,
): number | null {
  const n = comps.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  const years = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = comps[i]!;
    xs[i] = x(c);
    ys[i] = y(c);
    years[i] = c.year;
  }
  const slopes = new Float64Array((n * (n - 1)) / 2);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if ((years[i] === years[j]) !== sameYear) continue;
      const dx = xs[j]! - xs[i]!;
      if (dx === 0 || Math.abs(dx) < minGap) continue;
      slopes[count++] = (ys[j]! - ys[i]!) / dx;
    }
  }
  if (count < MARKET.minPairs) return null;
  // Typed-array sort is numeric and native: ~20k pairs for 200 comparables.
  const asc = slopes.subarray(0, count).sort();
  return quantileSorted(asc, 0.5);
}

/** Keep values within [Q1 − pad, Q3 + pad], pad = max(k × IQR, min). */
function fence<T>(items: readonly T[], value: (t: T) => number, k: number, min: number): T[] {
  const asc = sorted(items.map(value));
  const q1 = quantileSorted(asc, 0.25);
  const q3 = quantileSorted(asc, 0.75);
  const pad = Math.max(k * (q3 - q1), min);
  return items.filter((t) => {
    const v = value(t);
    return v >= q1 - pad && v <= q3 + pad;
  });
}

const RATING_LABEL: Readonly<Record<DealRating, string>> = {
  great: "Great deal",
  good: "Good deal",
  fair: "Fair price",
  high: "High price",
  overpriced: "Overpriced",
};

function rate(z: number): DealRating {
  const t = MARKET.thresholds;
  if (z <= t.great) return "great";
  if (z <= t.good) return "good";
  if (z < t.high) return "fair";
  if (z < t.overpriced) return "high";
  return "overpriced";
}

function money(minor: number, currency: string | null): string {
  const major = Math.round(minor / 100).toLocaleString("en-US");
  return currency === null || currency === "USD" ? `$${major}` : `${major} ${currency}`;
}

/**
 * Rate `vehicle`'s asking price against `comparables` (same make+model, year band, any dealership; see the
 * README for the query). Pure and deterministic: the order of `comparables` does not matter.
 */
export function assessPrice(
  subject: PriceSubject,
  comparables: readonly Comparable[] | null | undefined,
  opts: AssessPriceOptions,
): PriceAssessment {
  const vehicle: PriceSubject =
    typeof subject === "object" && subject !== null ? subject : ({} as unknown as PriceSubject);
  const list: readonly unknown[] = Array.isArray(comparables) ? comparables : [];
  const considered = list.length;
  const minComparables = Math.max(3, Math.floor(finite(opts?.minComparables) ?? MARKET.minComparables));
  const yearBand = Math.max(0, Math.floor(finite(opts?.yearBand) ?? MARKET.yearBand));
  const { amount: price, currency } = subjectPrice(vehicle);

  const year = validYear(vehicle.year);
  if (year === null) return emptyAssessment("no valid year", considered, considered, 0, 0, price, currency);

  const subjectId = typeof vehicle.id === "string" ? vehicle.id : null;
  const rawMileage = finite(vehicle.mileage);
  const hasMileage = rawMileage !== null && rawMileage >= 0 && rawMileage <= MARKET.maxMileage;

  // 1. Validate, exclude the subject, other currencies and the year band; drop repeated ids.
  const valid: Comp[] = [];
  const ids = new Set<string>();
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const c = item as Partial<Record<keyof Comparable, unknown>>;
    const id =
      typeof c.vehicleId === "string"
        ? c.vehicleId
        : typeof c.vehicleId === "number"
          ? String(c.vehicleId)
          : "";
    const p = finite(c.price);
    const m = finite(c.mileage);
    const y = validYear(c.year);
    if (p === null || p < 1 || m === null || m < 0 || m > MARKET.maxMileage || y === null) continue;
    if (Math.abs(y - year) > yearBand) continue;
    if (subjectId !== null && id === subjectId) continue;
    if (currency !== null && typeof c.currency === "string" && c.currency.trim().toUpperCase() !== currency)
      continue;
    const priceMinor = Math.round(p);
    valid.push({
      id,
      trim: trimKey(c.trim),
      dealershipId: typeof c.dealershipId === "string" ? c.dealershipId : "",
      price: priceMinor,
      logPrice: Math.log(priceMinor),
      mileage: Math.round(m),
      year: y,
    });
  }

  // Same trim only, when there are enough of them (trims of one model can differ by 40% or more).
  const subjectTrim = trimKey(vehicle.trim);
  let trimMatched = false;
  if (subjectTrim !== "") {
    const sameTrim = valid.filter((c) => c.trim === subjectTrim);
    if (sameTrim.length >= Math.max(MARKET.minTrimComparables, minComparables)) {
      valid.length = 0;
      valid.push(...sameTrim);
      trimMatched = true;
    }
  }

  // Subject mileage: its own; else 0 for a new vehicle; else the comparables' median.
  const subjectMileage = hasMileage
    ? Math.round(rawMileage)
    : vehicle.condition === "new"
      ? 0
      : valid.length > 0
        ? Math.round(median(valid.map((c) => c.mileage)))
        : 0;

  // Deterministic order whatever the input order: nearest year, nearest mileage, id, price.
  valid.sort(
    (a, b) =>
      Math.abs(a.year - year) - Math.abs(b.year - year) ||
      Math.abs(a.mileage - subjectMileage) - Math.abs(b.mileage - subjectMileage) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      a.price - b.price ||
      a.mileage - b.mileage ||
      a.year - b.year,
  );
  const unique: Comp[] = [];
  for (const c of valid) {
    if (c.id !== "") {
      if (ids.has(c.id)) continue;
      ids.add(c.id);
    }
    unique.push(c);
    if (unique.length >= MARKET.maxComparables) break;
  }
  const excluded = considered - unique.length;
  if (unique.length < minComparables) {
    return emptyAssessment("not enough data", considered, excluded, unique.length, 0, price, currency);
  }

  // 2. Gross pre-filter on raw log prices ($1 and $10M listings), before they can touch the slopes.
  const gross = fence(unique, (c) => c.logPrice, MARKET.grossFenceK, MARKET.grossFenceMin);

  // 3. Slopes: mileage from same-year pairs, then year from mileage-adjusted prices (Theil–Sen).
  const fittedMileage = pairwiseMedianSlope(
    gross,
    (c) => c.mileage,
    (c) => c.logPrice,
    true,
    MARKET.minPairMileageGap,
  );
  const [mLo, mHi] = MARKET.mileageLogPer10kRange;
  const mileageSlope =
    fittedMileage === null
      ? MARKET.defaultMileageLogPer10k / 10_000
      : clamp(fittedMileage, mLo / 10_000, mHi / 10_000);
  const atSubjectMileage = (c: Comp) => c.logPrice + mileageSlope * (subjectMileage - c.mileage);
  const fittedYear = pairwiseMedianSlope(gross, (c) => c.year, atSubjectMileage, false, 0);
  const yearSlope =
    fittedYear === null
      ? MARKET.defaultYearLog
      : clamp(fittedYear, MARKET.yearLogRange[0], MARKET.yearLogRange[1]);

  // 4. Adjust every comparable to the subject, trim outliers (Tukey fences).
  const adjusted = gross.map((c) => ({ c, a: atSubjectMileage(c) + yearSlope * (year - c.year) }));
  const kept = fence(adjusted, (x) => x.a, MARKET.fenceK, MARKET.fenceMin);
  const trimmed = unique.length - kept.length;
  if (kept.length < minComparables) {
    return emptyAssessment("not enough data", considered, excluded, kept.length, trimmed, price, currency);
  }

  // 5. Centre and spread → expected range.
  const asc = sorted(kept.map((x) => x.a));
  const centre = quantileSorted(asc, 0.5);
  const halfWidth = clamp(
    (quantileSorted(asc, 0.75) - quantileSorted(asc, 0.25)) / 2,
    MARKET.halfWidthRange[0],
    MARKET.halfWidthRange[1],
  );
  const expected = {
    low: Math.round(Math.exp(centre - halfWidth)),
    median: Math.round(Math.exp(centre)),
    high: Math.round(Math.exp(centre + halfWidth)),
  };

  const model: PriceModel = {
    method:
      fittedMileage !== null && fittedYear !== null
        ? "fitted"
        : fittedMileage === null && fittedYear === null
          ? "default"
          : "mixed",
    mileagePctPer10k: round((Math.exp(mileageSlope * 10_000) - 1) * 100, 2),
    mileageFitted: fittedMileage !== null,
    yearPct: round((Math.exp(yearSlope) - 1) * 100, 2),
    yearFitted: fittedYear !== null,
    subjectMileage,
    mileageAssumed: !hasMileage,
    trimMatched,
  };
  const fingerprint = fnv1a(
    `${RULES_VERSION}|${year}|${subjectMileage}|` +
      kept
        .map((x) => `${x.c.id}:${x.c.price}:${x.c.mileage}:${x.c.year}`)
        .sort()
        .join(";"),
  );
  const n = kept.length;
  const range = `${money(expected.low, currency)}–${money(expected.high, currency)}`;

  if (price === null) {
    return {
      ...emptyAssessment("no price", considered, excluded, n, trimmed, null, currency),
      expected,
      model,
      fingerprint,
      explanation: `No asking price; ${n} comparable vehicles suggest ${range} (median ${money(expected.median, currency)}).`,
    };
  }

  const z = (Math.log(price) - centre) / halfWidth;
  const rating = rate(z);
  const outlier =
    z <= MARKET.lowOutlierZ && price <= MARKET.lowOutlierShare * expected.median
      ? "low"
      : rating === "overpriced"
        ? "high"
        : null;
  const differencePct = round((price / expected.median - 1) * 100, 1);
  const direction =
    differencePct === 0 ? "at" : `${Math.abs(differencePct)}% ${differencePct < 0 ? "below" : "above"}`;
  return {
    rating,
    reason: null,
    comparables: n,
    considered,
    excluded,
    trimmed,
    price,
    currency,
    expected,
    difference: price - expected.median,
    differencePct,
    position: round(z, 2),
    outlier,
    model,
    fingerprint,
    explanation:
      `${RATING_LABEL[rating]}: ${money(price, currency)} is ${direction} the ` +
      `median of ${n} comparable vehicles adjusted to this one's year and mileage (expected ${range}).`,
  };
}
