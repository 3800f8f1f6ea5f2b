import type { VehicleFields } from "@forecourt/domain";
import type { Issue } from "../errors";
import { makeKey, normalizeMake } from "./normalize";

/** The part of `@forecourt/vin`'s `decodeVin` result the inventory rules read. */
export interface DecodedVinLike {
  vin: string;
  valid: boolean;
  reasons: { code: string; severity: string; message: string }[];
  modelYear: number | null;
  make: string | null;
  manufacturer?: string | null;
}
/** `now` picks between the 30-year model-year cycles. */
export type VinDecoder = (input: string, opts?: { now?: Date }) => DecodedVinLike;

/**
 * Brands sold under one VIN manufacturer code, where a WMI's make and the badge on the car can
 * legitimately differ (Ram trucks built before the 2010 split carry Dodge WMIs; FCA multipurpose-vehicle
 * WMIs cover Chrysler, Dodge, Jeep and Ram).
 */
const SHARED_WMI_BRANDS: string[][] = [
  ["dodge", "ram"],
  ["chrysler", "dodge", "jeep", "ram"],
];

function sameBrand(a: string, b: string): boolean {
  const ka = makeKey(normalizeMake(a));
  const kb = makeKey(normalizeMake(b));
  if (ka === kb) return true;
  return SHARED_WMI_BRANDS.some((g) => g.includes(ka) && g.includes(kb));
}

export interface VinCheck {
  /** The VIN itself is not valid (length, characters, check digit...). */
  invalid: Issue[];
  /** The VIN is valid but contradicts the stated year or make. */
  mismatches: Issue[];
}

/**
 * VIN validity plus the cross-check of year and make against what the VIN says. Only what the VIN
 * actually encodes is checked: no model year (e.g. many non-North-American VINs) or no make for the WMI
 * means nothing to compare. Model years 30 years apart share a position-10 code, so those are not a
 * mismatch (the decoder has to pick one cycle).
 */
export function checkVin(
  fields: Pick<VehicleFields, "vin" | "year" | "make">,
  decode: VinDecoder,
  now: Date,
): VinCheck {
  const decoded = decode(fields.vin, { now });
  if (!decoded.valid) {
    const errors = decoded.reasons.filter((r) => r.severity === "error");
    const reasons = errors.length > 0 ? errors : decoded.reasons;
    return {
      invalid: (reasons.length > 0
        ? reasons
        : [{ code: "invalid_vin", message: "the VIN is not valid" }]
      ).map((r) => ({
        path: ["vin"],
        code: r.code,
        message: r.message,
      })),
      mismatches: [],
    };
  }
  const mismatches: Issue[] = [];
  const my = decoded.modelYear;
  if (typeof my === "number" && fields.year !== my && Math.abs(fields.year - my) !== 30) {
    mismatches.push({
      path: ["year"],
      code: "vin_year_mismatch",
      message: `year ${fields.year} does not match the VIN, whose 10th character (${fields.vin[9]}) means model year ${my}`,
    });
  }
  if (decoded.make && fields.make && !sameBrand(decoded.make, fields.make)) {
    mismatches.push({
      path: ["make"],
      code: "vin_make_mismatch",
      message: `make ${JSON.stringify(fields.make)} does not match the VIN, whose manufacturer code (${fields.vin.slice(0, 3)}) is ${decoded.make}`,
    });
  }
  return { invalid: [], mismatches };
}
