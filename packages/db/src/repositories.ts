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
  outcome: "created" | "updated" | "unchanged";
  /** Set when the price differs from the stored one (a price-history row was appended). */
  priceChanged: boolean;
}

export interface VehicleRepository {
  /**
   * Creates or updates by (dealershipId, vin), atomically for the whole batch (all rows or none).
   * Updates keep id, createdAt and firstSeenAt, set lastSeenAt/updatedAt to `now`, and append a
   * price-history row (source = `source`) when the price changed; creation appends the first price.
   * Batches of up to 1,000 writes must work within each driver's parameter limits.
   */
  upsertMany(
    dealershipId: string,
    writes: VehicleWrite[],
    opts: { now: string; source: string },
  ): Promise<VehicleWriteResult[]>;
  get(dealershipId: string, id: string): Promise<Vehicle | null>;
  getByVins(dealershipId: string, vins: string[]): Promise<Vehicle[]>;
  /** Applies a partial update; a price change appends history. Null if no such vehicle in this dealership. */
  update(
    dealershipId: string,
    id: string,
    patch: Partial<Omit<VehicleFields, "vin">>,
    opts: { now: string; source: string },
  ): Promise<Vehicle | null>;
  /** Hard delete of the vehicle and its price history. False if no such vehicle in this dealership. */
  delete(dealershipId: string, id: string): Promise<boolean>;
  /** Filtered, sorted, keyset-paginated search with optional facet counts (facets honour every filter). */
  search(dealershipId: string, query: VehicleQuery): Promise<VehiclePage>;
  priceHistory(dealershipId: string, vehicleId: string): Promise<PriceHistoryEntry[]>;
}

/** Thrown by `search` for a cursor that is malformed or belongs to another sort. */
export class InvalidCursorError extends Error {
  constructor(message = "cursor is malformed or does not belong to this query") {
    super(message);
    this.name = "InvalidCursorError";
  }
}
