import { readNumber, scanNumbers } from "./number";
import { asText } from "./text";

export const KM_PER_MILE = 1.609344;
/** Largest odometer reading accepted, in miles (the inventory limit). */
export const MILEAGE_MAX = 2_000_000;

export type DistanceUnit = "mi" | "km";

export interface MileageOptions {
  /** Unit assumed when the text names none. Defaults to miles. */
  unit?: DistanceUnit;
}

export interface MileageResult {
  /** Whole miles (what the inventory stores). */
  miles: number;
  /** The number as written, in `unit`. */
  value: number;
  unit: DistanceUnit;
  /** True when the reading was given in kilometres and converted to miles. */
  converted: boolean;
  /** True for rounded readings such as "23.9k mi" or "6k-Mile". */
  approximate: boolean;
}

const UNIT_AFTER = /^[\s.\-–]*(km|kms|kilomet(?:er|re)s?|kilo|mi|mile|miles|mileage)\b/i;

function unitIn(s: string): DistanceUnit | null {
  if (/\b(km|kms|kilomet(er|re)s?|kilos?)\b/i.test(s)) return "km";
  if (/\b(mi|miles?|mileage|odometer)\b/i.test(s)) return "mi";
  return null;
}

/**
 * An odometer reading: "23.9k mi" -> 23900, "23,900 miles", "142,400 mi.", "6k-Mile", "38,000 km" (converted to
 * miles; `converted` says so), "0" (a new car). Null for "N/A", "TMU", "Exempt", ranges, negative numbers and
 * readings above 2,000,000 miles. Never throws.
 */
export function parseMileageDetailed(input: unknown, opts: MileageOptions = {}): MileageResult | null {
  try {
    const defaultUnit: DistanceUnit = opts.unit === "km" ? "km" : "mi";
    if (typeof input === "number") {
      if (!Number.isFinite(input) || input < 0) return null;
      return finish(input, defaultUnit, false);
    }
    const s = asText(input, 120);
    if (!s) return null;
    const tokens = scanNumbers(s, 6);
    if (tokens.length === 0) return null;
    let pick = tokens[0]!;
    if (tokens.length > 1) {
      const between = s.slice(tokens[0]!.end, tokens[1]!.start);
      if (/^\s*([-–—~]|to)\s*$/i.test(between)) return null; // a range
      // "23,900 miles (38,463 km)": take the first reading that names its unit
      const withUnit = tokens.find((t) => UNIT_AFTER.test(s.slice(t.end, t.end + 14)));
      if (!withUnit) return null;
      pick = withUnit;
    }
    const before = s.slice(Math.max(0, pick.start - 3), pick.start);
    if (/[-−]\s*$/.test(before) || /[<>≤≥]|\b(under|over|less|more|up to)\b/i.test(s.slice(0, pick.start)))
      return null;
    const read = readNumber(pick.raw, pick.thousands ? 3 : 1);
    if (!read) return null;
    const value = pick.thousands ? read.units : read.units / 10;
    const after = s.slice(pick.end, pick.end + 14);
    const m = UNIT_AFTER.exec(after);
    let unit: DistanceUnit = defaultUnit;
    if (m) unit = /^k/i.test(m[1]!) ? "km" : "mi";
    else unit = unitIn(s) ?? defaultUnit;
    return finish(value, unit, pick.thousands);
  } catch {
    return null;
  }
}

function finish(value: number, unit: DistanceUnit, approximate: boolean): MileageResult | null {
  const miles = unit === "km" ? Math.round(value / KM_PER_MILE) : Math.round(value);
  if (!Number.isSafeInteger(miles) || miles < 0 || miles > MILEAGE_MAX) return null;
  return { miles, value, unit, converted: unit === "km", approximate };
}

/** Whole miles for an odometer reading (see `parseMileageDetailed`), or null. */
export function parseMileage(input: unknown, opts: MileageOptions = {}): number | null {
  return parseMileageDetailed(input, opts)?.miles ?? null;
}
