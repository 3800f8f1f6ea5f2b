/** Public types of the VIN module. Plain data, no I/O. */

export type VinReasonCode =
  | "not_a_string"
  | "empty"
  | "wrong_length"
  | "invalid_characters"
  | "forbidden_letters"
  | "check_digit_mismatch"
  | "invalid_model_year_code"
  | "unknown_wmi";

export type VinReasonSeverity = "error" | "warning";

/** One thing wrong (error) or doubtful (warning) about a VIN, worded for a person. */
export interface VinReason {
  code: VinReasonCode;
  severity: VinReasonSeverity;
  /** What is wrong and, where possible, what to fix. */
  message: string;
}

export interface VinCheckDigit {
  /** The ISO 3779 / 49 CFR 565 check digit computed from the other 16 characters. */
  expected: string | null;
  /** Position 9 as given. */
  actual: string | null;
  /** expected === actual; null when the VIN could not be checked (unusable input). */
  ok: boolean | null;
  /** True when a mismatch makes the VIN invalid (North-American WMIs); otherwise only a warning. */
  enforced: boolean;
}

export interface VinDecoding {
  /** Normalised VIN (trimmed, upper case); when unusable, the trimmed input as given, cut to 64 characters. */
  vin: string;
  /** True iff no reason has severity "error". */
  valid: boolean;
  reasons: VinReason[];
  modelYear: number | null;
  /** The company that built the vehicle (e.g. "General Motors"). */
  manufacturer: string | null;
  /** The consumer brand (e.g. "Chevrolet"). */
  make: string | null;
  /** Country of manufacture from the ISO 3780 country code (first two characters). */
  country: string | null;
  /** ISO 3780 geographic area from the first character (e.g. "North America", "Europe"). */
  region: string | null;
  checkDigit: VinCheckDigit;
}

export interface DecodeVinOptions {
  /** "Today", used to pick between the 30-year model-year cycles. Defaults to the current date. */
  now?: Date;
}
