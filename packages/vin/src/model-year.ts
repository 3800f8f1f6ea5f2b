/**
 * Model year from position 10.
 *
 * Codes run A–Y (no I, O, Q, U, Z) then 1–9: thirty codes, so each code stands for a year in 1980–2009 and the
 * years 30, 60, … later ('A' = 1980, 2010, 2040; '9' = 2009, 2039).
 *
 * Which cycle:
 * - "nhtsa": 49 CFR 565.15(a) for passenger cars, MPVs and light trucks: a letter in position 7 means
 *   2010–2039 (or a later cycle once "now" has passed it), a digit means 1980–2009. Used for North-American
 *   WMIs, where it is a legal requirement.
 * - "nhtsa-plausible": the same rule for VINs that were evidently built to 49 CFR 565 (correct check digit)
 *   although their WMI is not North-American (Japanese, Korean, German cars made for the US market), except
 *   that a year more than one year after "now" is impossible, so then the "recent" rule decides.
 * - "recent": the most recent candidate year that is not more than one year after "now".
 */

export type ModelYearRule = "nhtsa" | "nhtsa-plausible" | "recent";

const YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789";

/** Char code (0–127) → first-cycle year (1980–2009), or 0 for a character that is not a year code. */
const BASE_YEAR_BY_CODE: Int16Array = (() => {
  const table = new Int16Array(128);
  for (let i = 0; i < YEAR_CODES.length; i++) table[YEAR_CODES.charCodeAt(i)] = 1980 + i;
  return table;
})();

/** First-cycle year (1980–2009) for a position-10 code, or null when the character is not a year code. */
export function baseModelYear(code: string): number | null {
  const c = code.charCodeAt(0);
  const year = c < 128 ? (BASE_YEAR_BY_CODE[c] ?? 0) : 0;
  return year === 0 ? null : year;
}

/** The latest of base, base+30, base+60, … that is ≤ limit; base itself if even that is after limit. */
function latestNotAfter(base: number, limit: number): number {
  if (base > limit) return base;
  return base + 30 * Math.floor((limit - base) / 30);
}

/**
 * Makers whose VINs do not follow the position-10 convention. Ford Australia (6FP) puts the year code in
 * position 11 (position 10 is part of the body code, 12 the month) and stopped building cars in 2016.
 */
const MAKER_SCHEMES: ReadonlyMap<string, { position: number; lastYear: number }> = new Map([
  ["6FP", { position: 11, lastYear: 2016 }],
]);

/** 1-based position of the model-year code in this VIN (10 except for a few makers). */
export function modelYearPosition(vin: string): number {
  return MAKER_SCHEMES.get(vin.slice(0, 3))?.position ?? 10;
}

/**
 * Model year of a normalised 17-character VIN, or null when its year position does not hold a year code.
 * `nowYear` is the calendar year of "today".
 */
export function resolveModelYear(vin: string, rule: ModelYearRule, nowYear: number): number | null {
  const scheme = vin.charCodeAt(0) === 54 ? MAKER_SCHEMES.get(vin.slice(0, 3)) : undefined; // '6'
  if (scheme !== undefined) {
    const year = baseModelYear(vin.charAt(scheme.position - 1));
    return year === null ? null : latestNotAfter(year, Math.min(nowYear + 1, scheme.lastYear));
  }
  const base = baseModelYear(vin.charAt(9));
  if (base === null) return null;
  const limit = nowYear + 1;
  if (rule === "recent") return latestNotAfter(base, limit);

  const position7 = vin.charCodeAt(6);
  const position7IsDigit = position7 >= 48 && position7 <= 57;
  if (position7IsDigit) return base;

  const laterCycle = latestNotAfter(base + 30, limit);
  if (rule === "nhtsa-plausible" && laterCycle > limit) return latestNotAfter(base, limit);
  return laterCycle;
}
