import type { ApiKey, Dealership, PriceHistoryEntry, Vehicle, VehiclePage } from "@forecourt/domain";
import type { VehicleQuality } from "@forecourt/services";

/** Reply shapes. Explicit field lists: nothing a repository adds leaks by accident. */

/** Staff shape: the public fields, tenant/status/timestamps and the listing quality (null until scored). */
export function presentVehicle(v: Vehicle, quality: VehicleQuality | null = null) {
  return {
    ...presentPublicVehicle(v),
    dealershipId: v.dealershipId,
    status: v.status,
    firstSeenAt: v.firstSeenAt,
    lastSeenAt: v.lastSeenAt,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
    removedAt: v.removedAt,
    quality: quality
      ? { score: quality.score, flags: quality.flags, parts: quality.parts, market: quality.market }
      : null,
  };
}

export function presentPublicVehicle(v: Vehicle) {
  return {
    id: v.id,
    vin: v.vin,
    year: v.year,
    make: v.make,
    model: v.model,
    trim: v.trim,
    bodyStyle: v.bodyStyle,
    condition: v.condition,
    price: v.price ? { amount: v.price.amount, currency: v.price.currency } : null,
    mileage: v.mileage,
    exteriorColor: v.exteriorColor,
    exteriorColorFamily: v.exteriorColorFamily,
    interiorColor: v.interiorColor,
    drivetrain: v.drivetrain,
    transmission: v.transmission,
    fuelType: v.fuelType,
    engine: v.engine,
    photos: [...v.photos],
    description: v.description,
    stockNumber: v.stockNumber,
    sourceUrl: v.sourceUrl,
  };
}

export function presentVehiclePage(
  page: VehiclePage,
  quality: Map<string, VehicleQuality | null> = new Map(),
) {
  return {
    items: page.items.map((v) => presentVehicle(v, quality.get(v.id) ?? null)),
    nextCursor: page.nextCursor,
    ...(page.facets ? { facets: page.facets as Record<string, { value: string; count: number }[]> } : {}),
  };
}

export function presentPublicVehiclePage(page: VehiclePage) {
  return {
    items: page.items.map(presentPublicVehicle),
    nextCursor: page.nextCursor,
    ...(page.facets ? { facets: page.facets as Record<string, { value: string; count: number }[]> } : {}),
  };
}

export function presentDealership(d: Dealership) {
  return {
    id: d.id,
    name: d.name,
    websiteUrl: d.websiteUrl,
    timezone: d.timezone,
    scrapeSchedule: { enabled: d.scrapeSchedule.enabled, cron: d.scrapeSchedule.cron },
    rateLimits: {
      public: { limit: d.rateLimits.public.limit, windowSeconds: d.rateLimits.public.windowSeconds },
      staff: { limit: d.rateLimits.staff.limit, windowSeconds: d.rateLimits.staff.windowSeconds },
    },
    status: d.status,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function presentApiKey(k: ApiKey) {
  return {
    id: k.id,
    dealershipId: k.dealershipId,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
  };
}

export function presentPriceHistory(entries: PriceHistoryEntry[]) {
  return {
    items: entries.map((e) => ({
      vehicleId: e.vehicleId,
      price: e.price ? { amount: e.price.amount, currency: e.price.currency } : null,
      observedAt: e.observedAt,
      source: e.source,
    })),
    nextCursor: null,
  };
}
