import {
  BODY_STYLES,
  COLOR_FAMILIES,
  CONDITIONS,
  DRIVETRAINS,
  FACET_NAMES,
  type FacetName,
  FUEL_TYPES,
  TRANSMISSIONS,
  VEHICLE_SORTS,
  VEHICLE_STATUSES,
} from "@forecourt/domain";
import { PUBLIC_FACETS } from "@forecourt/services";
import { z } from "@hono/zod-openapi";
import { Cursor, csv, IdParam, IntParam, Money, Timestamp } from "./common";

const text = (max: number) => z.string().max(max).nullable().optional();

const vehicleFields = {
  year: z
    .number()
    .int("year must be a whole number")
    .min(1900, "year must be 1900 or later")
    .max(9999)
    .openapi({ example: 2021 }),
  make: z.string().min(1).max(50).openapi({
    example: "Chevrolet",
    description: "Aliases are normalised (chevy -> Chevrolet, vw -> Volkswagen).",
  }),
  model: z.string().min(1).max(80).openapi({ example: "Silverado 1500" }),
  trim: text(120),
  bodyStyle: z.enum(BODY_STYLES).nullable().optional(),
  condition: z.enum(CONDITIONS).optional().openapi({ description: "Default used." }),
  price: Money.nullable().optional(),
  mileage: z
    .number()
    .int("mileage must be a whole number")
    .min(0, "mileage must not be negative")
    .max(2_000_000)
    .nullable()
    .optional(),
  exteriorColor: text(120).openapi({ example: "Summit White" }),
  exteriorColorFamily: z
    .enum(COLOR_FAMILIES)
    .nullable()
    .optional()
    .openapi({ description: "Derived from exteriorColor when omitted." }),
  interiorColor: text(120),
  drivetrain: z.enum(DRIVETRAINS).nullable().optional(),
  transmission: z.enum(TRANSMISSIONS).nullable().optional(),
  fuelType: z.enum(FUEL_TYPES).nullable().optional(),
  engine: text(120),
  photos: z.array(z.string().max(2048)).max(100).optional(),
  description: text(20_000),
  stockNumber: text(64),
  sourceUrl: text(2048),
  status: z.enum(VEHICLE_STATUSES).optional().openapi({ description: "Default active." }),
};

export const VehicleInput = z
  .strictObject({
    vin: z.string().min(1).max(64).openapi({
      example: "1GCUYDED5MZ123456",
      description: "17 characters; validated (check digit, model year, WMI).",
    }),
    ...vehicleFields,
  })
  .openapi("VehicleInput", {
    description: "A full vehicle. POST replaces: optional fields not sent are cleared.",
  });

export const VehiclePatch = z
  .strictObject({
    year: vehicleFields.year.optional(),
    make: vehicleFields.make.optional(),
    model: vehicleFields.model.optional(),
    trim: vehicleFields.trim,
    bodyStyle: vehicleFields.bodyStyle,
    condition: vehicleFields.condition,
    price: vehicleFields.price,
    mileage: vehicleFields.mileage,
    exteriorColor: vehicleFields.exteriorColor,
    exteriorColorFamily: vehicleFields.exteriorColorFamily,
    interiorColor: vehicleFields.interiorColor,
    drivetrain: vehicleFields.drivetrain,
    transmission: vehicleFields.transmission,
    fuelType: vehicleFields.fuelType,
    engine: vehicleFields.engine,
    photos: vehicleFields.photos,
    description: vehicleFields.description,
    stockNumber: vehicleFields.stockNumber,
    sourceUrl: vehicleFields.sourceUrl,
    status: vehicleFields.status,
  })
  .openapi("VehiclePatch", { description: "Only the fields sent change. The VIN cannot change." });

export const BulkBody = z
  .strictObject({
    items: z
      .array(VehicleInput)
      .min(1, "send at least one item")
      .max(1000, "send at most 1,000 items per call"),
    atomic: z.boolean().optional().openapi({
      description: "true: any invalid item rejects the whole call (422) and nothing is written.",
    }),
  })
  .openapi("BulkUpsert");

const publicShape = {
  id: z.string().openapi({ example: "veh_01jz8k2m3n4p5q6r7s8t9v0w1x" }),
  vin: z.string(),
  year: z.number().int(),
  make: z.string(),
  model: z.string(),
  trim: z.string().nullable(),
  bodyStyle: z.enum(BODY_STYLES).nullable(),
  condition: z.enum(CONDITIONS),
  price: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
  mileage: z.number().int().nullable(),
  exteriorColor: z.string().nullable(),
  exteriorColorFamily: z.enum(COLOR_FAMILIES).nullable(),
  interiorColor: z.string().nullable(),
  drivetrain: z.enum(DRIVETRAINS).nullable(),
  transmission: z.enum(TRANSMISSIONS).nullable(),
  fuelType: z.enum(FUEL_TYPES).nullable(),
  engine: z.string().nullable(),
  photos: z.array(z.string()),
  description: z.string().nullable(),
  stockNumber: z.string().nullable(),
  sourceUrl: z.string().nullable(),
};

export const PublicVehicle = z.object(publicShape).openapi("PublicVehicle", {
  description: "What dealer websites see: no status, timestamps or tenant fields.",
});

const QualityFlag = z.object({
  code: z.string().openapi({ description: "Stable code, e.g. thin_description (see docs/api.md)." }),
  severity: z.enum(["error", "warning", "info"]),
  part: z.string(),
  message: z.string(),
});

export const VehicleQuality = z
  .object({
    score: z.number().int().min(0).max(100),
    flags: z.array(QualityFlag),
    parts: z.array(z.object({ name: z.string(), weight: z.number(), score: z.number(), detail: z.string() })),
    market: z.record(z.string(), z.unknown()).nullable().openapi({
      description:
        "Price vs market (rating great..overpriced, or reason 'not enough data'; expected range, comparables count). Null for non-active vehicles.",
    }),
  })
  .openapi("VehicleQuality", {
    description: "Listing quality 0-100 with its named parts and flags; null until the vehicle is scored.",
  });

export const Vehicle = z
  .object({
    ...publicShape,
    dealershipId: z.string(),
    status: z.enum(VEHICLE_STATUSES),
    firstSeenAt: Timestamp,
    lastSeenAt: Timestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    removedAt: Timestamp.nullable(),
    quality: VehicleQuality.nullable(),
  })
  .openapi("Vehicle");

const FacetBuckets = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const Facets = z
  .record(z.string(), FacetBuckets)
  .openapi("Facets", { description: "Counts per value for each requested facet; every filter applies." });

export const VehicleList = z
  .object({ items: z.array(Vehicle), nextCursor: z.string().nullable(), facets: Facets.optional() })
  .openapi("VehicleList");
export const PublicVehicleList = z
  .object({ items: z.array(PublicVehicle), nextCursor: z.string().nullable(), facets: Facets.optional() })
  .openapi("PublicVehicleList");

const searchParams = {
  make: csv(z.string().min(1).max(50), "Makes (aliases accepted: chevy, vw...).").optional(),
  model: csv(z.string().min(1).max(80), "Models.").optional(),
  yearMin: IntParam(1900, 9999, "Model year from (inclusive).").optional(),
  yearMax: IntParam(1900, 9999, "Model year to (inclusive).").optional(),
  priceMin: IntParam(0, 10_000_000_000, "Price from, in integer minor units (cents), inclusive.").optional(),
  priceMax: IntParam(0, 10_000_000_000, "Price to, in integer minor units (cents), inclusive.").optional(),
  mileageMax: IntParam(0, 2_000_000, "Maximum mileage (inclusive).").optional(),
  bodyStyle: csv(z.enum(BODY_STYLES), `Body styles: ${BODY_STYLES.join(", ")}.`).optional(),
  condition: csv(z.enum(CONDITIONS), `Conditions: ${CONDITIONS.join(", ")}.`).optional(),
  fuelType: csv(z.enum(FUEL_TYPES), `Fuel types: ${FUEL_TYPES.join(", ")}.`).optional(),
  drivetrain: csv(z.enum(DRIVETRAINS), `Drivetrains: ${DRIVETRAINS.join(", ")}.`).optional(),
  color: csv(
    z.string().min(1).max(30),
    `Exterior colour families (${COLOR_FAMILIES.join(", ")}; "grey", "navy"… map onto them).`,
  ).optional(),
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: "Free text over make, model, trim, VIN, stock number, colours, description." }),
  sort: z.enum(VEHICLE_SORTS).optional().openapi({ description: "Default newest." }),
  cursor: Cursor.optional(),
  limit: IntParam(1, 100, "Page size, 1-100 (default 24).").optional(),
};

export const VehicleSearchQuery = z.strictObject({
  ...searchParams,
  status: csv(
    z.enum(VEHICLE_STATUSES),
    `Statuses (default active): ${VEHICLE_STATUSES.join(", ")}.`,
  ).optional(),
  facets: csv(z.enum(FACET_NAMES), `Facet counts to return: ${FACET_NAMES.join(", ")}.`).optional(),
});

export const PublicVehicleSearchQuery = z.strictObject({
  ...searchParams,
  facets: csv(
    z.enum(PUBLIC_FACETS as [FacetName, ...FacetName[]]),
    `Facet counts to return: ${PUBLIC_FACETS.join(", ")}.`,
  ).optional(),
});

export const VehicleParams = z.object({
  id: IdParam("id", "dlr_01jz8k2m3n4p5q6r7s8t9v0w1x"),
  vehicleId: IdParam("vehicleId", "veh_01jz8k2m3n4p5q6r7s8t9v0w1x"),
});

export const PriceHistory = z
  .object({
    items: z.array(
      z.object({
        vehicleId: z.string(),
        price: z.object({ amount: z.number().int(), currency: z.string() }).nullable(),
        observedAt: Timestamp,
        source: z.string().openapi({ description: "api, bulk, scrape or seed" }),
      }),
    ),
    nextCursor: z.null(),
  })
  .openapi("PriceHistory");

export const BulkResult = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        vin: z.string(),
        outcome: z.enum(["created", "updated", "unchanged", "failed"]),
        id: z.string().optional(),
        priceChanged: z.boolean().optional(),
        error: z
          .object({
            code: z.enum(["validation_failed", "unprocessable"]),
            message: z.string(),
            issues: z.array(
              z.object({
                path: z.array(z.union([z.string(), z.number()])),
                code: z.string(),
                message: z.string(),
              }),
            ),
          })
          .optional(),
      }),
    ),
    summary: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      failed: z.number().int(),
    }),
  })
  .openapi("BulkResult");
