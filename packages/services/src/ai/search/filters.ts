import type { Vehicle, VehicleQuery } from "@forecourt/domain";
import type { NlFilters, NlSort } from "@forecourt/nl-query";
import type { FieldCondition, MetadataFilter } from "@forecourt/vector";

/**
 * Parsed query filters in the three forms search needs: a vector-store metadata filter (keys of
 * VEHICLE_METADATA_KEYS, see ../vehicle-document.ts), a repository query (structured fallback), and a
 * predicate re-checked on the vehicles loaded from the database (the store may lag behind the inventory).
 */

const IN_MAX = 100;

function anyOf(values: readonly string[] | undefined): FieldCondition | undefined {
  if (!values || values.length === 0) return undefined;
  return values.length === 1 ? { $eq: values[0]! } : { $in: values.slice(0, IN_MAX) };
}

function range(min: number | undefined, max: number | undefined): FieldCondition | undefined {
  if (min === undefined && max === undefined) return undefined;
  const c: { $gte?: number; $lte?: number } = {};
  if (min !== undefined) c.$gte = min;
  if (max !== undefined) c.$lte = max;
  return c;
}

export function toMetadataFilter(f: NlFilters): MetadataFilter {
  const out: MetadataFilter = {};
  const set = (k: string, c: FieldCondition | undefined) => {
    if (c !== undefined) out[k] = c;
  };
  set("price", range(f.priceMin, f.priceMax));
  set("year", range(f.yearMin, f.yearMax));
  set("mileage", range(undefined, f.mileageMax));
  set("make", anyOf(f.make));
  set("model", anyOf(f.model));
  set("bodyStyle", anyOf(f.bodyStyle));
  set("drivetrain", anyOf(f.drivetrain));
  set("fuelType", anyOf(f.fuelType));
  set("colorFamily", anyOf(f.colorFamily));
  set("condition", anyOf(f.condition));
  return out;
}

export function toVehicleQuery(f: NlFilters, sort: NlSort | null, limit: number): VehicleQuery {
  const q: VehicleQuery = { status: ["active"], sort: sort ?? "newest", limit };
  if (f.make?.length) q.make = f.make;
  if (f.model?.length) q.model = f.model;
  if (f.yearMin !== undefined) q.yearMin = f.yearMin;
  if (f.yearMax !== undefined) q.yearMax = f.yearMax;
  if (f.priceMin !== undefined) q.priceMin = f.priceMin;
  if (f.priceMax !== undefined) q.priceMax = f.priceMax;
  if (f.mileageMax !== undefined) q.mileageMax = f.mileageMax;
  if (f.bodyStyle?.length) q.bodyStyle = f.bodyStyle;
  if (f.condition?.length) q.condition = f.condition;
  if (f.fuelType?.length) q.fuelType = f.fuelType;
  if (f.drivetrain?.length) q.drivetrain = f.drivetrain;
  if (f.colorFamily?.length) q.exteriorColorFamily = f.colorFamily;
  return q;
}

const inList = (list: readonly string[] | undefined, v: string | null) =>
  !list?.length || (v !== null && list.includes(v));

/** The filters applied to the vehicle as the database has it now (active only). */
export function vehicleMatches(v: Vehicle, f: NlFilters): boolean {
  if (v.status !== "active") return false;
  const price = v.price?.amount ?? null;
  if (f.priceMin !== undefined && (price === null || price < f.priceMin)) return false;
  if (f.priceMax !== undefined && (price === null || price > f.priceMax)) return false;
  if (f.yearMin !== undefined && v.year < f.yearMin) return false;
  if (f.yearMax !== undefined && v.year > f.yearMax) return false;
  if (f.mileageMax !== undefined && (v.mileage === null || v.mileage > f.mileageMax)) return false;
  return (
    inList(f.make, v.make) &&
    inList(f.model, v.model) &&
    inList(f.bodyStyle, v.bodyStyle) &&
    inList(f.drivetrain, v.drivetrain) &&
    inList(f.fuelType, v.fuelType) &&
    inList(f.colorFamily, v.exteriorColorFamily) &&
    inList(f.condition, v.condition)
  );
}

/** Orders vehicles by a sort preference ("cheap" -> price ascending), unknown values last, stable. */
export function sortBy<T extends { vehicle: Vehicle }>(items: T[], sort: NlSort | null): T[] {
  if (!sort) return items;
  const key = (v: Vehicle): number | null =>
    sort === "price_asc" ? (v.price?.amount ?? null) : sort === "mileage_asc" ? v.mileage : -v.year;
  return items
    .map((item, i) => ({ item, i, k: key(item.vehicle) }))
    .sort((a, b) => (a.k === null ? 1 : 0) - (b.k === null ? 1 : 0) || (a.k ?? 0) - (b.k ?? 0) || a.i - b.i)
    .map((x) => x.item);
}
