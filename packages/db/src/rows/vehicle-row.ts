import type { Vehicle, VehicleFields } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import { fromJson, toNumber, toNumberOrNull, toStringOrNull } from "../sql/decode";
import type { Row } from "../sql/executor";
import { buildSearchText } from "../text-search";
import { toIso, toIsoOrNull } from "../time";

/** `vehicles` columns in insert order (names are the schema's; see schema/*.ts). */
export const VEHICLE_INSERT_COLUMNS = [
  "id",
  "dealership_id",
  "vin",
  "year",
  "make",
  "model",
  "trim",
  "body_style",
  "condition",
  "price_amount",
  "price_currency",
  "mileage",
  "exterior_color",
  "exterior_color_family",
  "interior_color",
  "drivetrain",
  "transmission",
  "fuel_type",
  "engine",
  "photos",
  "description",
  "stock_number",
  "source_url",
  "status",
  "search_text",
  "first_seen_at",
  "last_seen_at",
  "created_at",
  "updated_at",
  "removed_at",
] as const;

/**
 * Quality columns: written only by the quality repository (repos/quality.ts), never by vehicle writes,
 * so an upsert keeps the stored score until the quality service replaces it.
 */
export const VEHICLE_QUALITY_COLUMNS = [
  "quality_score",
  "quality",
  "quality_rules_version",
  "quality_scored_at",
] as const;

/** Columns an upsert of an existing (dealership_id, vin) overwrites; identity and first-seen stay. */
export const VEHICLE_UPSERT_UPDATE_COLUMNS = VEHICLE_INSERT_COLUMNS.filter(
  (c) => !["id", "dealership_id", "vin", "first_seen_at", "created_at"].includes(c),
);

/** Select list for a Vehicle (everything but the search haystack). */
export const VEHICLE_SELECT = sql.raw(VEHICLE_INSERT_COLUMNS.filter((c) => c !== "search_text").join(", "));

/** A vehicle's column values in `VEHICLE_INSERT_COLUMNS` order. */
export function vehicleRowValues(v: Vehicle): unknown[] {
  return [
    v.id,
    v.dealershipId,
    v.vin,
    v.year,
    v.make,
    v.model,
    v.trim,
    v.bodyStyle,
    v.condition,
    v.price?.amount ?? null,
    v.price?.currency ?? null,
    v.mileage,
    v.exteriorColor,
    v.exteriorColorFamily,
    v.interiorColor,
    v.drivetrain,
    v.transmission,
    v.fuelType,
    v.engine,
    JSON.stringify(v.photos),
    v.description,
    v.stockNumber,
    v.sourceUrl,
    v.status,
    buildSearchText(v),
    v.firstSeenAt,
    v.lastSeenAt,
    v.createdAt,
    v.updatedAt,
    v.removedAt,
  ];
}

export function rowToVehicle(r: Row): Vehicle {
  const amount = toNumberOrNull(r.price_amount);
  return {
    id: String(r.id),
    dealershipId: String(r.dealership_id),
    vin: String(r.vin),
    year: toNumber(r.year),
    make: String(r.make),
    model: String(r.model),
    trim: toStringOrNull(r.trim),
    bodyStyle: toStringOrNull(r.body_style) as VehicleFields["bodyStyle"],
    condition: String(r.condition) as VehicleFields["condition"],
    price: amount === null ? null : { amount, currency: String(r.price_currency) },
    mileage: toNumberOrNull(r.mileage),
    exteriorColor: toStringOrNull(r.exterior_color),
    exteriorColorFamily: toStringOrNull(r.exterior_color_family) as VehicleFields["exteriorColorFamily"],
    interiorColor: toStringOrNull(r.interior_color),
    drivetrain: toStringOrNull(r.drivetrain) as VehicleFields["drivetrain"],
    transmission: toStringOrNull(r.transmission) as VehicleFields["transmission"],
    fuelType: toStringOrNull(r.fuel_type) as VehicleFields["fuelType"],
    engine: toStringOrNull(r.engine),
    photos: fromJson<string[]>(r.photos),
    description: toStringOrNull(r.description),
    stockNumber: toStringOrNull(r.stock_number),
    sourceUrl: toStringOrNull(r.source_url),
    status: String(r.status) as VehicleFields["status"],
    firstSeenAt: toIso(r.first_seen_at),
    lastSeenAt: toIso(r.last_seen_at),
    createdAt: toIso(r.created_at),
    updatedAt: toIso(r.updated_at),
    removedAt: toIsoOrNull(r.removed_at),
  };
}
