/**
 * Postgres schema. Must stay column-for-column identical (names, nullability, indexes, checks)
 * to `./sqlite.ts`: `test/unit/schema-parity.test.ts` enforces it. Timestamps are `timestamptz(3)`
 * (millisecond precision, like the ISO strings the repositories write); JSON is `jsonb`.
 * Identifier columns use the "C" collation so ids order byte-wise, exactly like SQLite: keyset
 * pagination (id tiebreak) then returns the same order on every database, whatever its locale.
 */

import type { RateLimitSettings, ScrapeSchedule } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  customType,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/** `text COLLATE "C"`: byte-wise ordering and comparison for identifiers. */
const idText = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });
const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "string" });

export const dealerships = pgTable("dealerships", {
  id: idText("id").primaryKey(),
  name: text("name").notNull(),
  websiteUrl: text("website_url").notNull(),
  timezone: text("timezone").notNull(),
  scrapeSchedule: jsonb("scrape_schedule").$type<ScrapeSchedule>().notNull(),
  rateLimits: jsonb("rate_limits").$type<RateLimitSettings>().notNull(),
  status: text("status").notNull(),
  createdAt: ts("created_at").notNull(),
  updatedAt: ts("updated_at").notNull(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: idText("id").primaryKey(),
    dealershipId: idText("dealership_id").notNull(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    createdAt: ts("created_at").notNull(),
    revokedAt: ts("revoked_at"),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [
    foreignKey({
      name: "api_keys_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
    uniqueIndex("api_keys_hash_uq").on(t.hash),
    index("api_keys_dealership_idx").on(t.dealershipId, t.createdAt),
  ],
);

export const vehicles = pgTable(
  "vehicles",
  {
    id: idText("id").primaryKey(),
    dealershipId: idText("dealership_id").notNull(),
    vin: text("vin").notNull(),
    year: integer("year").notNull(),
    make: text("make").notNull(),
    model: text("model").notNull(),
    trim: text("trim"),
    bodyStyle: text("body_style"),
    condition: text("condition").notNull(),
    priceAmount: bigint("price_amount", { mode: "number" }),
    priceCurrency: text("price_currency"),
    mileage: integer("mileage"),
    exteriorColor: text("exterior_color"),
    exteriorColorFamily: text("exterior_color_family"),
    interiorColor: text("interior_color"),
    drivetrain: text("drivetrain"),
    transmission: text("transmission"),
    fuelType: text("fuel_type"),
    engine: text("engine"),
    photos: jsonb("photos").$type<string[]>().notNull(),
    description: text("description"),
    stockNumber: text("stock_number"),
    sourceUrl: text("source_url"),
    status: text("status").notNull(),
    /** Lower-cased, NFC-normalised haystack for free-text search, maintained by the repositories. */
    searchText: text("search_text").notNull(),
    firstSeenAt: ts("first_seen_at").notNull(),
    lastSeenAt: ts("last_seen_at").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    removedAt: ts("removed_at"),
  },
  (t) => [
    foreignKey({
      name: "vehicles_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
    uniqueIndex("vehicles_dealership_vin_uq").on(t.dealershipId, t.vin),
    // One index per sort key, each led by the tenant + status equality every search has,
    // and ending in the id tiebreak so keyset pages are index range scans.
    index("vehicles_newest_idx").on(t.dealershipId, t.status, t.firstSeenAt, t.id),
    index("vehicles_updated_idx").on(t.dealershipId, t.status, t.updatedAt, t.id),
    index("vehicles_price_idx").on(t.dealershipId, t.status, t.priceAmount, t.id),
    index("vehicles_year_idx").on(t.dealershipId, t.status, t.year, t.id),
    index("vehicles_mileage_idx").on(t.dealershipId, t.status, t.mileage, t.id),
    // Facets and filters: covers every facet column and the numeric filters, so facet counts are an
    // index-only range scan of one dealership's entries (SQLite always; Postgres when the visibility
    // map is current) instead of one random table/heap read per vehicle.
    index("vehicles_facets_idx").on(
      t.dealershipId,
      t.status,
      t.make,
      t.model,
      t.year,
      t.bodyStyle,
      t.condition,
      t.fuelType,
      t.drivetrain,
      t.exteriorColorFamily,
      t.priceAmount,
      t.mileage,
    ),
    check("vehicles_price_amount_check", sql`${t.priceAmount} >= 0`),
    check("vehicles_price_currency_check", sql`(${t.priceAmount} IS NULL) = (${t.priceCurrency} IS NULL)`),
    check("vehicles_mileage_check", sql`${t.mileage} >= 0`),
  ],
);

export const priceHistory = pgTable(
  "price_history",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    vehicleId: idText("vehicle_id").notNull(),
    dealershipId: idText("dealership_id").notNull(),
    priceAmount: bigint("price_amount", { mode: "number" }),
    priceCurrency: text("price_currency"),
    observedAt: ts("observed_at").notNull(),
    source: text("source").notNull(),
  },
  (t) => [
    foreignKey({
      name: "price_history_vehicle_fk",
      columns: [t.vehicleId],
      foreignColumns: [vehicles.id],
    }).onDelete("cascade"),
    index("price_history_vehicle_idx").on(t.vehicleId, t.observedAt),
  ],
);
