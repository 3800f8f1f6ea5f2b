/** decodeVin: validate and decode one VIN. Never throws; every problem becomes a reason. */

import { scanCandidate, truncate } from "./chars";
import { computeCheckDigit } from "./check-digit";
import { countryOf, isNorthAmericanWmi, regionOf } from "./country";
import { type ModelYearRule, modelYearPosition, resolveModelYear } from "./model-year";
import * as reason from "./reasons";
import type { DecodeVinOptions, VinDecoding, VinReason } from "./types";
import { lookupWmi } from "./wmi";

/** Longest `vin` echoed back for unusable input. */
const ECHO_LIMIT = 64;

/** Trim surrounding whitespace and upper-case ASCII letters (other characters are left for validation to reject). */
export function normaliseVin(input: string): string {
  if (typeof input !== "string") return "";
  const trimmed = input.trim();
  // Only ASCII a–z are changed: String#toUpperCase would turn look-alikes into valid letters ('ſ' → 'S', 'ı' → 'I').
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c > 127) return trimmed.replace(/[a-z]+/g, (run) => run.toUpperCase());
  }
  return trimmed.toUpperCase();
}

function unusable(vin: string, reasons: VinReason[]): VinDecoding {
  return {
    vin,
    valid: false,
    reasons,
    modelYear: null,
    manufacturer: null,
    make: null,
    country: null,
    region: null,
    checkDigit: { expected: null, actual: null, ok: null, enforced: false },
  };
}

/** Calendar year of `opts.now` (any valid Date, also from another realm), else of the current date. */
function currentYear(opts: DecodeVinOptions | undefined): number {
  let year = Number.NaN;
  try {
    const now: unknown = opts?.now;
    if (typeof now === "object" && now !== null) year = Date.prototype.getUTCFullYear.call(now);
  } catch {
    // not a Date: fall through to today
  }
  return Number.isFinite(year) ? year : new Date().getUTCFullYear();
}

export function decodeVin(input: unknown, opts?: DecodeVinOptions): VinDecoding {
  if (typeof input !== "string") return unusable("", [reason.notAString(input)]);

  const trimmed = input.trim();
  if (trimmed.length === 0) return unusable("", [reason.empty(input.length > 0)]);

  const scan = scanCandidate(trimmed);
  const problems: VinReason[] = [];
  if (scan.length !== 17) problems.push(reason.wrongLength(scan.length));
  if (scan.firstInvalid !== null) {
    problems.push(reason.invalidCharacters(scan.firstInvalid, scan.invalidCount, scan.invalidKinds));
  }
  if (scan.firstForbidden !== null)
    problems.push(reason.forbiddenLetters(scan.firstForbidden, scan.forbiddenCount));
  if (problems.length > 0) return unusable(truncate(trimmed, ECHO_LIMIT), problems);

  // 17 plain ASCII letters and digits from here on.
  const vin = scan.hasLowercase ? trimmed.toUpperCase() : trimmed;
  const reasons: VinReason[] = [];
  const northAmerican = isNorthAmericanWmi(vin);

  const expected = computeCheckDigit(vin);
  const actual = vin.charAt(8);
  const checkOk = expected === actual;
  if (!checkOk && expected !== null) reasons.push(reason.checkDigitMismatch(actual, expected, northAmerican));

  // A correct check digit outside North America suggests a VIN built to 49 CFR 565 for the US market.
  const rule: ModelYearRule = northAmerican ? "nhtsa" : checkOk ? "nhtsa-plausible" : "recent";
  const modelYear = resolveModelYear(vin, rule, currentYear(opts));
  if (modelYear === null) {
    const position = modelYearPosition(vin);
    reasons.push(reason.invalidModelYearCode(vin.charAt(position - 1), position, northAmerican));
  }

  const country = countryOf(vin);
  const wmi = lookupWmi(vin, modelYear);
  if (!wmi.known) reasons.push(reason.unknownWmi(vin.slice(0, 3), country, wmi.manufacturer));

  let valid = true;
  for (const r of reasons) if (r.severity === "error") valid = false;

  return {
    vin,
    valid,
    reasons,
    modelYear,
    manufacturer: wmi.manufacturer,
    make: wmi.make,
    country,
    region: regionOf(vin),
    checkDigit: { expected, actual, ok: checkOk, enforced: northAmerican },
  };
}

/** True when decodeVin would report no errors (warnings such as an unknown WMI are allowed). */
export function isValidVin(input: unknown): boolean {
  return decodeVin(input).valid;
}
