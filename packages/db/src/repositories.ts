import type {
  ApiKey,
  DeadLetter,
  Dealership,
  DealershipStatus,
  Page,
  PriceHistoryEntry,
  RateLimitSettings,
  ScrapeBudget,
  ScrapeCounts,
  ScrapeError,
  ScrapeJob,
  ScrapeJobStatus,
  ScrapeRemovalCandidate,
  ScrapeReview,
  ScrapeSchedule,
  ScrapeTrigger,
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
  scrapes: ScrapeRepository;
  quality: QualityRepository;
  /** What the embedder last wrote to each vector store (content hashes). */
  vectorDocuments: VectorDocumentRepository;
  /** Vector-store migrations and their checkpoints. */
  vectorMigrations: VectorMigrationRepository;
  /** AI usage ledger and per-dealership AI budgets. */
  aiUsage: AiUsageRepository;
  /** Chat conversations. */
  conversations: ConversationRepository;
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
  /** The vehicles with these ids in this dealership (others' and missing ids are left out), by id. */
  getByIds(dealershipId: string, ids: string[]): Promise<Vehicle[]>;
  /**
   * Applies a partial update; a price change appends history. Null if no such vehicle in this dealership.
   * A patch that changes nothing writes nothing and returns the vehicle as stored with `changed: false`
   * (callers skip what follows a write: rescoring, change notifications).
   */
  update(
    dealershipId: string,
    id: string,
    patch: Partial<Omit<VehicleFields, "vin">>,
    opts: { now: string; source: string },
  ): Promise<{ vehicle: Vehicle; changed: boolean } | null>;
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

// ---------------------------------------------------------------------------------------------
// Scraping

export interface NewScrapeJob {
  id: string;
  dealershipId: string;
  trigger: ScrapeTrigger;
  websiteUrl: string;
  budget: ScrapeBudget;
  requestedBy: string;
  /** Correlation id of the request (or cron tick) creating the job: logs ↔ job record. */
  requestId?: string | null;
  scheduledFor: string | null;
  now: string;
}

export type CreateScrapeJobResult =
  | { outcome: "created"; job: ScrapeJob }
  /** The idempotency key is still valid and names this job; `sameRequest` compares the request hashes. */
  | { outcome: "existing"; job: ScrapeJob; sameRequest: boolean }
  /** Another scrape of the dealership is active (its id, when still known). Nothing was written. */
  | { outcome: "busy"; activeJobId: string | null };

export interface CreateScrapeJobOptions {
  /** Idempotency: a key younger than `validAfter` returns its job instead of creating one. */
  idempotency: { scope: string; key: string; requestHash: string; validAfter: string } | null;
  /** An active-scrape claim older than this is considered abandoned and may be taken over. */
  lockStaleBefore: string;
}

/** Increments applied in place (`column = column + n`): concurrent writers never lose one. */
export type ScrapeCountersDelta = Partial<ScrapeCounts> & {
  batchesTotal?: number;
  batchesDone?: number;
  bytesFetched?: number;
  errorCount?: number;
};

/** A change to a job, applied atomically (and only while its status is one of `from`, when given). */
export interface ScrapeJobChange {
  now: string;
  from?: readonly ScrapeJobStatus[];
  status?: ScrapeJobStatus;
  counters?: ScrapeCountersDelta;
  /** Sets started_at to now unless already set. */
  start?: boolean;
  /** Sets finished_at to now (true) or clears it (false). */
  finish?: boolean;
  discoveryDone?: boolean;
  /** Keeps the first reason given. */
  truncated?: string;
  review?: ScrapeReview | null;
  lastError?: string | null;
  replays?: number;
  /**
   * Frees the dealership's active-scrape claim held by this job (done in the same atomic write, and only
   * if the job's status afterwards is a terminal one).
   */
  releaseClaim?: boolean;
  /** Re-takes the claim for this job (replay). When it is held by another live job, nothing is written. */
  reclaim?: { staleBefore: string };
}

export type ScrapeTaskKind = "discover" | "fetch";
export type ScrapeTaskStatus = "pending" | "processing" | "done";

export interface ScrapeTask {
  jobId: string;
  taskKey: string;
  kind: ScrapeTaskKind;
  dealershipId: string;
  urls: string[] | null;
  status: ScrapeTaskStatus;
  leaseToken: string | null;
  leaseUntil: string | null;
  attempts: number;
  result: unknown;
  createdAt: string;
  completedAt: string | null;
}

export type ClaimTaskResult =
  | { claimed: true; task: ScrapeTask }
  | { claimed: false; task: ScrapeTask | null };

export interface CompleteTaskInput {
  now: string;
  result: unknown;
  counters: ScrapeCountersDelta;
  errors: ScrapeError[];
  /** Most errors kept per job (error_count still counts every one). */
  errorCap: number;
  discoveryDone?: boolean;
  truncated?: string;
}

export interface ScrapePage {
  url: string;
  kind: "srp" | "vdp";
  /** Discovery round that fetches it (listing pages); 0 for detail pages. */
  round: number;
}

/** Which active vehicles a reconciliation considers gone: not seen by the job, nor by anyone since it started. */
export interface UnseenFilter {
  jobId: string;
  /** Only vehicles last seen before this (the job's start) qualify. */
  seenBefore: string;
  /** Vehicles whose source URL failed to fetch or parse in this job are never considered gone. */
  protectedUrls: string[];
}

export interface ScheduleCandidate {
  dealership: Dealership;
  lastSlotAt: string | null;
}

export interface NewDeadLetter {
  id: string;
  jobId: string | null;
  dealershipId: string | null;
  queue: string;
  messageId: string;
  body: string;
  attempts: number;
  reason: string | null;
  now: string;
}

export interface ScrapeRepository {
  /**
   * Creates a queued job in one atomic write that also claims the dealership's single active-scrape slot
   * and the idempotency key (if any). See CreateScrapeJobResult for the outcomes.
   */
  createJob(job: NewScrapeJob, opts: CreateScrapeJobOptions): Promise<CreateScrapeJobResult>;
  /** The job with its first `errorsLimit` errors (default 50). Null if unknown. Not tenant-scoped: callers check. */
  getJob(id: string, opts?: { errorsLimit?: number }): Promise<ScrapeJob | null>;
  /** Newest first. `dealershipIds: undefined` = every dealership (operators). Items carry no `errors`. */
  listJobs(query: {
    dealershipIds?: string[];
    statuses?: ScrapeJobStatus[];
    limit: number;
    cursor?: string;
  }): Promise<Page<ScrapeJob>>;
  /** Applies a change; null when the job does not exist or its status is not in `from` (nothing written). */
  updateJob(id: string, change: ScrapeJobChange): Promise<ScrapeJob | null>;
  /** Records errors (at most `cap` kept per job; error_count counts all). */
  addErrors(jobId: string, errors: ScrapeError[], cap: number, now: string): Promise<void>;

  /** Creates tasks that do not exist yet (same key = same task). */
  ensureTasks(
    jobId: string,
    dealershipId: string,
    tasks: { taskKey: string; kind: ScrapeTaskKind; urls: string[] | null }[],
    now: string,
  ): Promise<void>;
  /** Takes a task that is pending, or processing with an expired lease. Otherwise returns it as it is. */
  claimTask(
    jobId: string,
    taskKey: string,
    lease: { token: string; until: string; now: string },
  ): Promise<ClaimTaskResult>;
  /** Gives a claimed task back (after a failed attempt), so the retry can take it at once. */
  releaseTask(jobId: string, taskKey: string, token: string): Promise<void>;
  /**
   * Marks the task done and applies its effects on the job (counters, errors, discovery done) atomically,
   * only if `token` still holds the lease. Null when it does not (nothing written).
   */
  completeTask(
    jobId: string,
    taskKey: string,
    token: string,
    input: CompleteTaskInput,
  ): Promise<ScrapeJob | null>;
  getTask(jobId: string, taskKey: string): Promise<ScrapeTask | null>;
  /** Tasks of a job, by key; optionally only one kind, or keys starting with `keyPrefix`. */
  listTasks(
    jobId: string,
    opts?: { kind?: ScrapeTaskKind; keyPrefix?: string; status?: ScrapeTaskStatus[] },
  ): Promise<ScrapeTask[]>;

  /** Records pages a discover task found; URLs the job already has are left as they are. */
  addPages(jobId: string, pages: ScrapePage[], foundBy: string, now: string): Promise<void>;
  /** Pages first recorded by one discover task (so a retried task sees its own findings). Ordered by URL. */
  pagesFoundBy(jobId: string, foundBy: string): Promise<ScrapePage[]>;
  /** One round's listing pages, ordered by URL: `[offset, offset + limit)` and the round's total. */
  frontier(
    jobId: string,
    round: number,
    range: { offset: number; limit: number },
  ): Promise<{ urls: string[]; total: number }>;
  /** Pages recorded for the job (only detail or only listing pages with `kind`). */
  countPages(jobId: string, opts?: { kind?: "vdp" | "srp" }): Promise<number>;

  /** Records VINs the job saw; returns those not seen before in this job. */
  markSeen(jobId: string, entries: { vin: string; vehicleId: string }[]): Promise<string[]>;
  activeVehicleCount(dealershipId: string): Promise<number>;
  /** Active vehicles the job did not see (see UnseenFilter): the first `limit`, and how many there are. */
  unseenVehicles(
    dealershipId: string,
    filter: UnseenFilter,
    limit: number,
  ): Promise<{ items: ScrapeRemovalCandidate[]; total: number }>;
  /** Marks those vehicles `removed` (removed_at = now); returns their ids. */
  removeUnseen(dealershipId: string, filter: UnseenFilter, now: string): Promise<string[]>;
  /** The newest `succeeded` job of the dealership other than `excludeJobId`. */
  lastSucceededJob(dealershipId: string, excludeJobId: string): Promise<ScrapeJob | null>;
  /** Drops a finished job's working set (tasks, pages, seen VINs); the job and its errors stay. */
  purgeWorkingSet(jobId: string): Promise<void>;

  /** Idempotent per (queue, messageId). */
  recordDeadLetter(input: NewDeadLetter): Promise<{ created: boolean }>;
  deadLetters(jobId: string, opts?: { unreplayedOnly?: boolean }): Promise<DeadLetter[]>;
  /**
   * Dead letters of one queue (jobless ones such as embed-jobs'), oldest first, optionally one
   * dealership's only and only those not replayed yet.
   */
  deadLettersOfQueue(
    queue: string,
    opts: { dealershipId?: string; unreplayedOnly?: boolean; limit: number },
  ): Promise<DeadLetter[]>;
  markDeadLettersReplayed(ids: string[], now: string): Promise<void>;

  /** Dealerships (any status) with their scheduler bookkeeping, ordered by id. */
  scheduleCandidates(opts: { limit: number; cursor?: string }): Promise<Page<ScheduleCandidate>>;
  /** The same bookkeeping for the given dealerships (unknown ids are left out); at most 100 ids. */
  scheduleCandidatesByIds(ids: string[]): Promise<ScheduleCandidate[]>;
  recordScheduleResult(
    dealershipId: string,
    result: { now: string; slotAt?: string; error?: string | null },
  ): Promise<void>;
  /** `recordScheduleResult` for several dealerships in one atomic write (one round trip). */
  recordScheduleResults(
    results: { dealershipId: string; now: string; slotAt?: string; error?: string | null }[],
  ): Promise<void>;
  /** Active jobs whose last change is older than `before`. */
  stalledJobs(before: string, limit: number): Promise<ScrapeJob[]>;
}

/** A vehicle with its stored quality columns (see `QualityRepository`). */
export interface ScoredVehicle {
  vehicle: Vehicle;
  /** 0..100, or null when not scored yet. */
  score: number | null;
  rulesVersion: string | null;
  /** The stored QualityReport JSON (parts, flags, market), or null. */
  quality: unknown;
  /** When it was scored (ISO-8601), or null. */
  scoredAt: string | null;
}

export interface QualityScoreWrite {
  vehicleId: string;
  score: number;
  rulesVersion: string;
  /** JSON-serialisable QualityReport. */
  quality: unknown;
  /** When the score was computed (ISO-8601); the background rescore compares it with later market changes. */
  scoredAt?: string;
}

/** A vehicle the background rescore should score again (see QualityRepository.rescoreCandidates). */
export interface RescoreCandidate {
  dealershipId: string;
  vehicleId: string;
}

/** A comparable listing for the price model, from any dealership (only ever summarised, never returned). */
export interface ComparableRow {
  vehicleId: string;
  dealershipId: string;
  price: number;
  mileage: number;
  year: number;
  trim: string | null;
  currency: string | null;
}

export interface QualityRepository {
  /** Stores scores for vehicles of this dealership (ids of other dealerships are ignored), atomically. */
  writeScores(dealershipId: string, scores: QualityScoreWrite[]): Promise<void>;
  /**
   * This dealership's vehicles with their stored quality: the given ids, or all vehicles when `ids` is
   * omitted (optionally only one status), ordered by id.
   */
  list(
    dealershipId: string,
    opts?: { ids?: string[]; status?: VehicleFields["status"] },
  ): Promise<ScoredVehicle[]>;
  /**
   * Comparables for the price model across ALL dealerships (packages/quality/README.md): active vehicles
   * of the make and model (case-insensitive; expression index vehicles_comparables_idx), year in [yearFrom, yearTo], with a positive price and a
   * known mileage (a new vehicle without one counts as 0), ordered by id, at most `limit` (default 2,000).
   */
  comparables(q: {
    make: string;
    model: string;
    yearFrom: number;
    yearTo: number;
    limit?: number;
  }): Promise<ComparableRow[]>;
  /**
   * Active vehicles of any dealership whose stored score is out of date: never scored (or no scored-at),
   * scored under a rules version other than `rulesVersion`, or whose market segment moved after the score —
   * a vehicle of the same make and model (case-insensitive), model year within ±`yearBand`, any dealership
   * and status, was written (`updated_at`) later. Ordered by dealership id then id, at most `limit`.
   */
  rescoreCandidates(q: {
    rulesVersion: string;
    yearBand: number;
    limit: number;
  }): Promise<RescoreCandidate[]>;
}

// ---------------------------------------------------------------------------------------------
// Vectors

/**
 * The embedder's record of what it wrote to a vector store, per (store, dealership, vehicle). Every
 * method is scoped by store key and dealership.
 */
export interface VectorDocumentRepository {
  /** Stored content hashes for these vehicles (vehicles without one are left out). */
  hashes(storeKey: string, dealershipId: string, vehicleIds: string[]): Promise<Map<string, string>>;
  /** Creates or replaces the hashes. */
  put(
    storeKey: string,
    dealershipId: string,
    entries: { vehicleId: string; contentHash: string }[],
    now: string,
  ): Promise<void>;
  remove(storeKey: string, dealershipId: string, vehicleIds: string[]): Promise<void>;
  /** Vehicle ids with a stored hash, by id, in pages (`cursor`: the last id of the previous page). */
  listIds(
    storeKey: string,
    dealershipId: string,
    opts: { after?: string | null; limit: number },
  ): Promise<string[]>;
  /** Forgets every hash of the dealership in this store (a forced rebuild); returns how many. */
  clear(storeKey: string, dealershipId: string): Promise<number>;
}

export const VECTOR_MIGRATION_STATUSES = ["running", "verifying", "succeeded", "failed"] as const;
export type VectorMigrationStatus = (typeof VECTOR_MIGRATION_STATUSES)[number];

export interface VectorMigrationRecord {
  id: string;
  source: string;
  target: string;
  /** Null: every tenant. */
  dealershipId: string | null;
  status: VectorMigrationStatus;
  /** The migration engine's state (JSON), null before the first step. */
  checkpoint: unknown;
  /** Counters for display (JSON). */
  progress: unknown;
  /** The verification result (JSON), once verified. */
  verification: unknown;
  lastError: string | null;
  steps: number;
  /** Increments on every write (optimistic concurrency). */
  version: number;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface VectorMigrationChange {
  now: string;
  status?: VectorMigrationStatus;
  checkpoint?: unknown;
  progress?: unknown;
  verification?: unknown;
  lastError?: string | null;
  /** Counts one more step. */
  step?: boolean;
}

export interface VectorMigrationRepository {
  /**
   * Creates a running migration unless an unfinished one with the same source, target and dealership
   * exists, which is returned instead (`created: false`). Atomic: two concurrent starts get one migration.
   */
  startOrResume(input: {
    id: string;
    source: string;
    target: string;
    dealershipId: string | null;
    requestedBy: string;
    now: string;
  }): Promise<{ migration: VectorMigrationRecord; created: boolean }>;
  get(id: string): Promise<VectorMigrationRecord | null>;
  /**
   * Applies the change only if the stored version is still `expectedVersion` (null otherwise: nothing
   * written). A terminal status (succeeded/failed) sets finished_at and frees the (source, target,
   * dealership) slot.
   */
  update(
    id: string,
    expectedVersion: number,
    change: VectorMigrationChange,
  ): Promise<VectorMigrationRecord | null>;
  /** Newest first. */
  list(limit: number): Promise<VectorMigrationRecord[]>;
}

// ---------------------------------------------------------------------------------------------
// AI: usage ledger, budgets, conversations (migration 0003_ai)

export const AI_FEATURES = ["chat", "search", "embedding"] as const;
export type AiFeature = (typeof AI_FEATURES)[number];

/** One priced provider call. Costs are integer micro-dollars (1e-6 USD). */
export interface AiUsageWrite {
  id: string;
  dealershipId: string;
  feature: AiFeature;
  provider: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** ISO-8601 UTC; its UTC date is the row's day. */
  at: string;
}

export interface AiUsageDay {
  /** UTC date, YYYY-MM-DD. */
  day: string;
  feature: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
}

/** Per-dealership AI spending limits in micro-dollars; null = the configured default applies. */
export interface AiBudget {
  dailyMicroUsd: number | null;
  monthlyMicroUsd: number | null;
}

export interface AiUsageRepository {
  /** Appends one call. Recording the same id twice is a no-op (a retried write never charges twice). */
  record(entry: AiUsageWrite): Promise<void>;
  /** Micro-dollars spent by the dealership at or after `since` (ISO). */
  spentSince(dealershipId: string, since: string): Promise<number>;
  /** Totals per UTC day and feature for days in [fromDay, toDay] (YYYY-MM-DD, inclusive), by day then feature. */
  byDay(dealershipId: string, range: { fromDay: string; toDay: string }): Promise<AiUsageDay[]>;
  /** The dealership's budgets, or null when there is no such dealership. */
  getBudget(dealershipId: string): Promise<AiBudget | null>;
  /** Sets the given budgets (null clears one back to the default); null when there is no such dealership. */
  setBudget(dealershipId: string, budget: Partial<AiBudget>, now: string): Promise<AiBudget | null>;
}

export interface StoredConversation {
  id: string;
  dealershipId: string;
  channel: "public" | "staff";
  /** JSON-serialisable turns, as the chat service wrote them (bounded by the service). */
  messages: unknown[];
  turns: number;
  /** Increments on every save. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface ConversationRepository {
  create(input: {
    id: string;
    dealershipId: string;
    channel: "public" | "staff";
    now: string;
  }): Promise<StoredConversation>;
  /** Null when missing or another dealership's (the two look the same). */
  get(dealershipId: string, id: string): Promise<StoredConversation | null>;
  /**
   * Replaces the messages only if the stored version is still `expectedVersion` (a concurrent save
   * wins otherwise and this returns null, nothing written).
   */
  save(
    dealershipId: string,
    id: string,
    expectedVersion: number,
    change: { messages: unknown[]; turns: number; now: string },
  ): Promise<StoredConversation | null>;
}
