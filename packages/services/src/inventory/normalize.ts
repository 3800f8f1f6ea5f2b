import {
  BODY_STYLES,
  type BodyStyle,
  COLOR_FAMILIES,
  CONDITIONS,
  type ColorFamily,
  type Condition,
  DRIVETRAINS,
  type Drivetrain,
  FUEL_TYPES,
  type FuelType,
  type Money,
  TRANSMISSIONS,
  type Transmission,
  VEHICLE_STATUSES,
  type VehicleFields,
  type VehicleStatus,
} from "@forecourt/domain";
import type { Issue } from "../errors";

/**
 * Turning what a caller (or a scraper) typed into the canonical vehicle: trimmed strings, canonical make
 * spelling, model casing, colour family, and every range rule. Pure functions; the VIN checks live in
 * vehicle-rules.ts.
 */

export const LIMITS = {
  yearMin: 1900,
  /** Model years run at most one ahead of the calendar: max = current year + 1. */
  yearsAhead: 1,
  mileageMax: 2_000_000,
  /** 100,000,000.00 in minor units. */
  priceMaxMinor: 10_000_000_000,
  photosMax: 100,
  urlMax: 2048,
  descriptionMax: 20_000,
  shortTextMax: 120,
  makeMax: 50,
  modelMax: 80,
} as const;

/** Control characters (NUL, escapes, DEL...) have no place in a name or label. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
export const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

// Make/model/colour canonicalisation is shared with the scraper: one implementation in @forecourt/normalize.
import {
  collapse,
  colorFamily,
  colorFamilyFilter,
  makeKey,
  normalizeMake,
  normalizeModel,
} from "@forecourt/normalize";

export { collapse, colorFamily, colorFamilyFilter, makeKey, normalizeMake, normalizeModel };

/** What callers may send for a vehicle. Everything but the identity fields is optional. */
export interface VehicleInput {
  vin: string;
  year: number;
  make: string;
  model: string;
  trim?: string | null;
  bodyStyle?: BodyStyle | null;
  condition?: Condition;
  price?: Money | null;
  mileage?: number | null;
  exteriorColor?: string | null;
  exteriorColorFamily?: ColorFamily | null;
  interiorColor?: string | null;
  drivetrain?: Drivetrain | null;
  transmission?: Transmission | null;
  fuelType?: FuelType | null;
  engine?: string | null;
  photos?: string[];
  description?: string | null;
  stockNumber?: string | null;
  sourceUrl?: string | null;
  status?: VehicleStatus;
}

function optText(v: string | null | undefined, path: string, max: number, issues: Issue[]): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") {
    issues.push({ path: [path], code: "invalid_type", message: `${path} must be a string or null` });
    return null;
  }
  const t = collapse(v);
  if (t.length > max) {
    issues.push({ path: [path], code: "too_long", message: `${path} must be at most ${max} characters` });
  }
  if (CONTROL_CHARS.test(t)) {
    issues.push({
      path: [path],
      code: "control_characters",
      message: `${path} must not contain control characters`,
    });
  }
  return t.length === 0 ? null : t;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

function oneOf<T extends string>(
  v: T | null | undefined,
  allowed: readonly T[],
  path: string,
  issues: Issue[],
): T | null {
  if (v === undefined || v === null) return null;
  if (!allowed.includes(v)) {
    issues.push({
      path: [path],
      code: "invalid_value",
      message: `${path} must be one of ${allowed.join(", ")}`,
    });
    return null;
  }
  return v;
}

/**
 * Every field rule except the VIN checks. `currentYear` comes from the service clock so the upper bound
 * on `year` moves with time. Returns canonical fields plus the problems found (empty when valid).
 */
export function normalizeVehicleFields(
  input: VehicleInput,
  currentYear: number,
): { fields: VehicleFields; issues: Issue[] } {
  const issues: Issue[] = [];
  const vin = typeof input.vin === "string" ? input.vin.trim().toUpperCase() : "";
  const yearMax = currentYear + LIMITS.yearsAhead;
  if (!Number.isInteger(input.year) || input.year < LIMITS.yearMin || input.year > yearMax) {
    issues.push({
      path: ["year"],
      code: "out_of_range",
      message: `year must be a whole number from ${LIMITS.yearMin} to ${yearMax}`,
    });
  }
  const make = typeof input.make === "string" ? normalizeMake(input.make) : "";
  if (make.length < 1 || make.length > LIMITS.makeMax || CONTROL_CHARS.test(make)) {
    issues.push({
      path: ["make"],
      code: "invalid_length",
      message: `make must be 1 to ${LIMITS.makeMax} characters`,
    });
  }
  const model = typeof input.model === "string" ? normalizeModel(input.model) : "";
  if (model.length < 1 || model.length > LIMITS.modelMax || CONTROL_CHARS.test(model)) {
    issues.push({
      path: ["model"],
      code: "invalid_length",
      message: `model must be 1 to ${LIMITS.modelMax} characters`,
    });
  }

  let price: Money | null = null;
  if (input.price !== undefined && input.price !== null) {
    const { amount, currency } = input.price;
    if (!Number.isInteger(amount) || amount < 0 || amount > LIMITS.priceMaxMinor) {
      issues.push({
        path: ["price", "amount"],
        code: "out_of_range",
        message: `price.amount must be a whole number of minor units (cents) from 0 to ${LIMITS.priceMaxMinor}`,
      });
    }
    const cur = typeof currency === "string" ? currency.trim().toUpperCase() : "";
    if (!/^[A-Z]{3}$/.test(cur)) {
      issues.push({
        path: ["price", "currency"],
        code: "invalid_value",
        message: "price.currency must be an ISO 4217 code such as USD",
      });
    }
    price = { amount, currency: cur };
  }

  let mileage: number | null = null;
  if (input.mileage !== undefined && input.mileage !== null) {
    if (!Number.isInteger(input.mileage) || input.mileage < 0 || input.mileage > LIMITS.mileageMax) {
      issues.push({
        path: ["mileage"],
        code: "out_of_range",
        message: `mileage must be a whole number from 0 to ${LIMITS.mileageMax}`,
      });
    }
    mileage = input.mileage;
  }

  const photos: string[] = [];
  if (input.photos !== undefined) {
    if (!Array.isArray(input.photos) || input.photos.length > LIMITS.photosMax) {
      issues.push({
        path: ["photos"],
        code: "too_many",
        message: `photos must be a list of at most ${LIMITS.photosMax} URLs`,
      });
    } else {
      input.photos.forEach((p, i) => {
        const u = typeof p === "string" ? p.trim() : "";
        if (!isHttpUrl(u) || u.length > LIMITS.urlMax) {
          issues.push({
            path: ["photos", i],
            code: "invalid_url",
            message: `photos[${i}] must be an http(s) URL of at most ${LIMITS.urlMax} characters`,
          });
        } else if (!photos.includes(u)) photos.push(u);
      });
    }
  }

  let sourceUrl = optText(input.sourceUrl, "sourceUrl", LIMITS.urlMax, issues);
  if (sourceUrl && !isHttpUrl(sourceUrl)) {
    issues.push({ path: ["sourceUrl"], code: "invalid_url", message: "sourceUrl must be an http(s) URL" });
    sourceUrl = null;
  }

  const exteriorColor = optText(input.exteriorColor, "exteriorColor", LIMITS.shortTextMax, issues);
  const explicitFamily = oneOf(input.exteriorColorFamily, COLOR_FAMILIES, "exteriorColorFamily", issues);
  const description =
    input.description === undefined || input.description === null
      ? null
      : typeof input.description === "string" && input.description.trim()
        ? input.description.trim()
        : null;
  if (description && CONTROL_CHARS.test(description)) {
    issues.push({
      path: ["description"],
      code: "control_characters",
      message: "description must not contain control characters (newlines and tabs are fine)",
    });
  }
  if (description && description.length > LIMITS.descriptionMax) {
    issues.push({
      path: ["description"],
      code: "too_long",
      message: `description must be at most ${LIMITS.descriptionMax} characters`,
    });
  }

  const condition =
    input.condition === undefined
      ? "used"
      : (oneOf(input.condition, CONDITIONS, "condition", issues) ?? "used");
  const status =
    input.status === undefined
      ? "active"
      : (oneOf(input.status, VEHICLE_STATUSES, "status", issues) ?? "active");

  const fields: VehicleFields = {
    vin,
    year: input.year,
    make,
    model,
    trim: optText(input.trim, "trim", LIMITS.shortTextMax, issues),
    bodyStyle: oneOf(input.bodyStyle, BODY_STYLES, "bodyStyle", issues),
    condition,
    price,
    mileage,
    exteriorColor,
    exteriorColorFamily: explicitFamily ?? colorFamily(exteriorColor),
    interiorColor: optText(input.interiorColor, "interiorColor", LIMITS.shortTextMax, issues),
    drivetrain: oneOf(input.drivetrain, DRIVETRAINS, "drivetrain", issues),
    transmission: oneOf(input.transmission, TRANSMISSIONS, "transmission", issues),
    fuelType: oneOf(input.fuelType, FUEL_TYPES, "fuelType", issues),
    engine: optText(input.engine, "engine", LIMITS.shortTextMax, issues),
    photos,
    description,
    stockNumber: optText(input.stockNumber, "stockNumber", 64, issues),
    sourceUrl,
    status,
  };
  return { fields, issues };
}
