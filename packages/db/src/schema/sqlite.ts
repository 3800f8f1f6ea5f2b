/**
 * D1 / SQLite schema. Must stay column-for-column identical (names, nullability, indexes, checks)
 * to `./pg.ts`: `test/unit/schema-parity.test.ts` enforces it. Timestamps are ISO-8601 UTC text
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, normalised by the repositories so text order = time order).
 * JSON columns hold JSON text. Money is `price_amount` (integer minor units) + `price_currency`.
 */

import type { RateLimitSettings, ScrapeSchedule } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const dealerships = sqliteTable("dealerships", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  websiteUrl: text("website_url").notNull(),
  timezone: text("timezone").notNull(),
  scrapeSchedule: text("scrape_schedule", { mode: "json" }).$type<ScrapeSchedule>().notNull(),
  rateLimits: text("rate_limits", { mode: "json" }).$type<RateLimitSettings>().notNull(),
  status: text("status").notNull(),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    dealershipId: text("dealership_id").notNull(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    hash: text("hash").notNull(),
    createdAt: text("created_at").notNull(),
    revokedAt: text("revoked_at"),
    lastUsedAt: text("last_used_at"),
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

export const vehicles = sqliteTable(
  "vehicles",
  {
    id: text("id").primaryKey(),
    dealershipId: text("dealership_id").notNull(),
    vin: text("vin").notNull(),
    year: integer("year").notNull(),
    make: text("make").notNull(),
    model: text("model").notNull(),
    trim: text("trim"),
    bodyStyle: text("body_style"),
    condition: text("condition").notNull(),
    priceAmount: integer("price_amount"),
    priceCurrency: text("price_currency"),
    mileage: integer("mileage"),
    exteriorColor: text("exterior_color"),
    exteriorColorFamily: text("exterior_color_family"),
    interiorColor: text("interior_color"),
    drivetrain: text("drivetrain"),
    transmission: text("transmission"),
    fuelType: text("fuel_type"),
    engine: text("engine"),
    photos: text("photos", { mode: "json" }).$type<string[]>().notNull(),
    description: text("description"),
    stockNumber: text("stock_number"),
    sourceUrl: text("source_url"),
    status: text("status").notNull(),
    /** Lower-cased, NFC-normalised haystack for free-text search, maintained by the repositories. */
    searchText: text("search_text").notNull(),
    firstSeenAt: text("first_seen_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    removedAt: text("removed_at"),
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

export const priceHistory = sqliteTable(
  "price_history",
  {
    id: integer("id").primaryKey(),
    vehicleId: text("vehicle_id").notNull(),
    dealershipId: text("dealership_id").notNull(),
    priceAmount: integer("price_amount"),
    priceCurrency: text("price_currency"),
    observedAt: text("observed_at").notNull(),
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
