import type { Vehicle, VehicleFields } from "@forecourt/domain";

/**
 * Descriptive fields a page may simply fail to show us (a gallery the extractor could not read, a
 * description behind a "read more" script): when a scrape yields nothing for one of them, the stored value
 * stays. Price and status are NOT here: "Call for price" (null) and a sold car are real changes.
 */
const KEEP_WHEN_EMPTY = [
  "trim",
  "bodyStyle",
  "mileage",
  "exteriorColor",
  "exteriorColorFamily",
  "interiorColor",
  "drivetrain",
  "transmission",
  "fuelType",
  "engine",
  "description",
  "stockNumber",
] as const satisfies readonly (keyof VehicleFields)[];

/** The scraped fields, with empty descriptive fields filled from what the inventory already knows. */
export function keepKnownFields(scraped: VehicleFields, stored: Vehicle | undefined): VehicleFields {
  if (!stored) return scraped;
  const merged: VehicleFields = { ...scraped };
  for (const key of KEEP_WHEN_EMPTY) {
    if (merged[key] === null && stored[key] !== null)
      (merged as unknown as Record<string, unknown>)[key] = stored[key];
  }
  if (merged.photos.length === 0 && stored.photos.length > 0) merged.photos = stored.photos;
  return merged;
}
