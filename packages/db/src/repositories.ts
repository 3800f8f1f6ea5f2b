import type {
  ApiKey,
  Dealership,
  DealershipStatus,
  Page,
  PriceHistoryEntry,
  RateLimitSettings,
  ScrapeSchedule,
  Vehicle,
  VehicleFields,
  VehiclePage,
  VehicleQuery,
} from "@forecourt/domain";

/**
 * The storage contract every database implementation (D1, Postgres via Hyperdrive, Postgres via the
 * Neon driver) fulfils. Services depend on this and nothing below it. Every method that touches
 * tenant data takes the dealership id and scopes by it: a wrong id behaves exactly like a missing row.
 * Times are ISO-8601 strings in UTC.
 */
export interface Repositories {
  dealerships: DealershipRepository;
  apiKeys: ApiKeyRepository;
  vehicles: VehicleRepository;
  /** Releases connections (no-op for D1). Safe to call more than once. */
  close(): Promise<void>;
}

export interface NewDealership {
  id: string;
  name: string;
  websiteUrl: string;
  timezone: string;
  scrapeSchedule: ScrapeSchedule;
  rateLimits: RateLimitSettings;
  status: DealershipStatus;
  now: string;
}

export type DealershipPatch = Partial<
  Pick<Dealership, "name" | "websiteUrl" | "timezone" | "scrapeSchedule" | "rateLimits" | "status">
>;

export interface DealershipRepository {
  create(input: NewDealership): Promise<Dealership>;
  get(id: string): Promise<Dealership | null>;
  /** `ids: undefined` lists all (platform operators); otherwise only those ids. Ordered by id. */
  list(opts: { ids?: string[]; limit: number; cursor?: string }): Promise<Page<Dealership>>;
  update(id: string, patch: DealershipPatch, now: string): Promise<Dealership | null>;
}

export interface NewApiKey {
  id: string;
  dealershipId: string;
  name: string;
  prefix: string;
  /** SHA-256 of the full key, hex. */
  hash: string;
  now: string;
}

export interface ApiKeyRepository {
  create(input: NewApiKey): Promise<ApiKey>;
  /** The active (not revoked) key with this hash, or null. Hot path: one indexed lookup. */
  findActiveByHash(hash: string): Promise<ApiKey | null>;
  list(dealershipId: string): Promise<ApiKey[]>;
  /** Marks revoked; returns the key (already-revoked keys are returned unchanged), null if not this dealership's. */
  revoke(dealershipId: string, id: string, now: string): Promise<ApiKey | null>;
}

/** One vehicle to create or update (by VIN) in a dealership, already validated and normalised by the service. */
export interface VehicleWrite {
  /** Used only when the VIN is new to this dealership. */
  newId: string;
  fields: VehicleFields;
}

export interface VehicleWriteResult {
  vin: string;
  id: string;
  /** `unchanged`: every field equal to the stored ones; only lastSeenAt moves to `now`. */
  outcome: "created" | "updated" | "unchanged";
  /**
   * Set when an existing vehicle's price differs from the stored one (a price-history row was appended).
   * Always false for `created` (there is no stored price to differ from), although creation records the
   * first price in the history too.
   */
  priceChanged: boolean;
}

export interface VehicleRepository {
  /**
   * Creates or updates by (dealershipId, vin), atomically for the whole batch (all rows or none).
   * Updates keep id, createdAt and firstSeenAt, set lastSeenAt/updatedAt to `now`, and append a
   * price-history row (source = `source`) when the price changed; creation appends the first price.
   * Batches of up to 1,000 writes must work within each driver's parameter limits.
   * Each VIN may appear once per batch (DuplicateVinError, nothing written). A row the database rejects
   * (e.g. a negative price or mileage, which CHECK constraints forbid) fails the whole batch.
   * `updatedAt` moves only for `updated`; `removedAt` follows the status (see Vehicle.removedAt).
   */
  upsertMany(
    dealershipId: string,
    writes: VehicleWrite[],
    opts: { now: string; source: string },
  ): Promise<VehicleWriteResult[]>;
  get(dealershipId: string, id: string): Promise<Vehicle | null>;
  getByVins(dealershipId: string, vins: string[]): Promise<Vehicle[]>;
  /**
   * Applies a partial update; a price change appends history. Null if no such vehicle in this dealership.
   * A patch that changes nothing writes nothing and returns the vehicle as stored.
   */
  update(
    dealershipId: string,
    id: string,
    patch: Partial<Omit<VehicleFields, "vin">>,
    opts: { now: string; source: string },
  ): Promise<Vehicle | null>;
  /** Hard delete of the vehicle and its price history. False if no such vehicle in this dealership. */
  delete(dealershipId: string, id: string): Promise<boolean>;
  /**
   * Filtered, sorted, keyset-paginated search with optional facet counts (facets honour every filter).
   * - List filters (make, model, bodyStyle, ...) match stored values exactly (pass normalised values,
   *   e.g. ones a facet returned); an empty list is no filter. Ranges are inclusive; a price or mileage
   *   bound excludes vehicles without a price or mileage.
   * - `text`: case-insensitive (Unicode-aware) literal substring of make, model, trim, VIN, stock number,
   *   colours and description; `%`, `_` and `\` are ordinary characters. Blank text is no filter.
   * - Sorts order by their column then id (same direction); NULL prices/mileages come last both ways.
   * - `limit` is clamped to 1..500. `nextCursor` is null on the last page. A cursor is only valid for
   *   the query (sort + filters) that produced it: anything else throws InvalidCursorError.
   * - Facets: values with their counts, count desc then value, at most 50 per facet; NULLs left out.
   */
  search(dealershipId: string, query: VehicleQuery): Promise<VehiclePage>;
  /** Oldest first. Empty for a vehicle that is not this dealership's. */
  priceHistory(dealershipId: string, vehicleId: string): Promise<PriceHistoryEntry[]>;
}

/** Thrown by `search` for a cursor that is malformed or belongs to another sort. */
export class InvalidCursorError extends Error {
  constructor(message = "cursor is malformed or does not belong to this query") {
    super(message);
    this.name = "InvalidCursorError";
  }
}

/** Thrown by `upsertMany` when a batch names the same VIN twice (nothing is written). */
export class DuplicateVinError extends Error {
  constructor(readonly vin: string) {
    super(`VIN ${vin} appears more than once in the batch`);
    this.name = "DuplicateVinError";
  }
}
