/**
 * @forecourt/vin — validate and decode Vehicle Identification Numbers (ISO 3779/3780, 49 CFR 565).
 * Pure TypeScript, no dependencies, no Node APIs: runs in Workers and Node alike.
 */

export { computeCheckDigit } from "./check-digit";
export { decodeVin, isValidVin, normaliseVin } from "./decode";
export type {
  DecodeVinOptions,
  VinCheckDigit,
  VinDecoding,
  VinReason,
  VinReasonCode,
  VinReasonSeverity,
} from "./types";
