/** Builders for the reasons a VIN is rejected or doubted, worded for the person who entered it. */

import { type CharFinding, KIND_LOOKALIKE, KIND_OTHER, KIND_SEPARATOR } from "./chars";
import type { VinReason } from "./types";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function notAString(value: unknown): VinReason {
  const type = typeof value;
  const kind =
    value === null
      ? "null"
      : value === undefined
        ? "undefined"
        : Array.isArray(value)
          ? "an array"
          : type === "object"
            ? "an object"
            : `a ${type}`;
  return { code: "not_a_string", severity: "error", message: `VIN must be text, but got ${kind}` };
}

export function empty(hadWhitespace: boolean): VinReason {
  return {
    code: "empty",
    severity: "error",
    message: hadWhitespace
      ? "VIN is blank (only whitespace); enter the 17-character VIN"
      : "VIN is empty; enter the 17-character VIN",
  };
}

export function wrongLength(length: number): VinReason {
  const fix = length < 17 ? "some characters are missing" : "there are extra characters";
  return {
    code: "wrong_length",
    severity: "error",
    message: `VIN has ${plural(length, "character", "characters")}; a VIN has exactly 17 (${fix})`,
  };
}

export function invalidCharacters(first: CharFinding, count: number, kinds: number): VinReason {
  const more =
    count > 1 ? ` and ${plural(count - 1, "other character", "other characters")} that cannot appear` : "";
  const hints: string[] = [];
  if (kinds & KIND_SEPARATOR) hints.push("remove spaces, dashes and other separators");
  if (kinds & KIND_LOOKALIKE) hints.push("retype look-alike characters as plain A–Z letters and 0–9 digits");
  if (kinds & KIND_OTHER) hints.push("remove anything that is not a letter or a digit");
  return {
    code: "invalid_characters",
    severity: "error",
    message:
      `A VIN contains only digits 0–9 and letters A–Z (except I, O and Q); found ${first.text} at position ` +
      `${first.position}${more}. To fix: ${hints.join("; ")}`,
  };
}

const LIKELY_MEANT: Readonly<Record<string, string>> = { I: "1", O: "0", Q: "0" };

export function forbiddenLetters(first: CharFinding, count: number): VinReason {
  const meant = LIKELY_MEANT[first.text.toUpperCase()] ?? "0";
  const more = count > 1 ? ` and ${plural(count - 1, "more", "more")}` : "";
  return {
    code: "forbidden_letters",
    severity: "error",
    message:
      `Letters I, O and Q never appear in a VIN (found '${first.text}' at position ${first.position}${more}; ` +
      `did you mean ${meant}?)`,
  };
}

export function checkDigitMismatch(actual: string, expected: string, enforced: boolean): VinReason {
  const base = `Check digit (position 9) is '${actual}' but should be '${expected}'`;
  return enforced
    ? {
        code: "check_digit_mismatch",
        severity: "error",
        message: `${base}; a character of the VIN is probably mistyped (North-American VINs must have a correct check digit)`,
      }
    : {
        code: "check_digit_mismatch",
        severity: "warning",
        message: `${base}; VINs from outside North America often do not use a check digit, so this is only a warning`,
      };
}

export function invalidModelYearCode(code: string, position: number, enforced: boolean): VinReason {
  const base =
    `Position ${position} is '${code}', which is not a model-year code ` +
    "(model-year codes are A–Y except I, O, Q, U and Z, and 1–9)";
  return enforced
    ? { code: "invalid_model_year_code", severity: "error", message: `${base}; check that character` }
    : {
        code: "invalid_model_year_code",
        severity: "warning",
        message: `${base}; VINs from outside North America may not encode the model year, so it is unknown`,
      };
}

export function unknownWmi(wmi: string, country: string | null, manufacturer: string | null): VinReason {
  const where = country === null ? "" : ` (country: ${country})`;
  const who =
    manufacturer === null
      ? "make and manufacturer are unknown"
      : `make unknown, manufacturer likely ${manufacturer}`;
  return {
    code: "unknown_wmi",
    severity: "warning",
    message: `Manufacturer code '${wmi}' (positions 1–3)${where} is not in our table; ${who}`,
  };
}
