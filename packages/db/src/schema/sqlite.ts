/**
 * D1 / SQLite schema. Must stay column-for-column identical (names, nullability, indexes, checks)
 * to `./pg.ts`: `test/unit/schema-parity.test.ts` enforces it. Timestamps are ISO-8601 UTC text
 * (`YYYY-MM-DDTHH:MM:SS.sssZ`, normalised by the repositories so text order = time order).
 * JSON columns hold JSON text. Money is `price_amount` (integer minor units) + `price_currency`.
 */

import type { RateLimitSettings, ScrapeSchedule } from "@forecourt/domain";
import { sql } from "drizzle-orm";
import {
  check,
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

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
  /** AI spending limits in micro-dollars (1e-6 USD); NULL = the configured default. Migration 0003_ai. */
  aiDailyBudgetMicroUsd: integer("ai_daily_budget_micro_usd"),
  aiMonthlyBudgetMicroUsd: integer("ai_monthly_budget_micro_usd"),
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
    /** Listing quality (@forecourt/quality): 0..100, null until scored. */
    qualityScore: integer("quality_score"),
    /** The QualityReport as JSON: parts, flags and the market assessment. */
    quality: text("quality", { mode: "json" }).$type<unknown>(),
    /** RULES_VERSION the score was computed with (a background job rescores older ones). */
    qualityRulesVersion: text("quality_rules_version"),
    /** When the score was computed; the background rescore compares it with the market segment's changes. Migration 0005. */
    qualityScoredAt: text("quality_scored_at"),
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
    index("vehicles_quality_idx").on(t.dealershipId, t.status, t.qualityScore),
    // Price-vs-market comparables: same make and model (any case) across every dealership, within a year band.
    // updated_at last: the background rescore asks "did any comparable change after this vehicle was
    // scored?" as one seek per year of the band (repos/quality.ts rescoreCandidates), not a segment scan.
    index("vehicles_comparables_idx").on(sql`lower(${t.make})`, sql`lower(${t.model})`, t.year, t.updatedAt),
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

// ---------------------------------------------------------------------------------------------
// Scraping (SPEC capability 3). Counters are integers updated in place (`x = x + ?`), so concurrent
// batches of one job never lose an increment; `version` bumps on every job change (progress consumers
// drop stale snapshots).

export const scrapeJobs = sqliteTable(
  "scrape_jobs",
  {
    id: text("id").primaryKey(),
    dealershipId: text("dealership_id").notNull(),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    websiteUrl: text("website_url").notNull(),
    budget: text("budget", { mode: "json" }).notNull(),
    requestedBy: text("requested_by").notNull(),
    /** Correlation id of the request (or cron tick) that created the job (0006). */
    requestId: text("request_id"),
    pagesQueued: integer("pages_queued").notNull().default(0),
    pagesFetched: integer("pages_fetched").notNull().default(0),
    pagesFailed: integer("pages_failed").notNull().default(0),
    vehiclesFound: integer("vehicles_found").notNull().default(0),
    vehiclesNew: integer("vehicles_new").notNull().default(0),
    vehiclesUpdated: integer("vehicles_updated").notNull().default(0),
    vehiclesUnchanged: integer("vehicles_unchanged").notNull().default(0),
    vehiclesRemoved: integer("vehicles_removed").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    batchesTotal: integer("batches_total").notNull().default(0),
    batchesDone: integer("batches_done").notNull().default(0),
    discoveryDone: integer("discovery_done").notNull().default(0),
    bytesFetched: integer("bytes_fetched").notNull().default(0),
    truncated: text("truncated"),
    review: text("review", { mode: "json" }),
    scheduledFor: text("scheduled_for"),
    lastError: text("last_error"),
    replays: integer("replays").notNull().default(0),
    version: integer("version").notNull().default(0),
    createdAt: text("created_at").notNull(),
    startedAt: text("started_at"),
    finishedAt: text("finished_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    foreignKey({
      name: "scrape_jobs_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
    // History of one dealership, newest first (ids are time-sortable), optionally by status.
    index("scrape_jobs_dealership_idx").on(t.dealershipId, t.status, t.id),
    index("scrape_jobs_dealership_id_idx").on(t.dealershipId, t.id),
    // Operators: every tenant's jobs in a status (e.g. dead), newest first.
    index("scrape_jobs_status_idx").on(t.status, t.id),
  ],
);

/**
 * The units of work of a job, one per queue message: `discover` chunks (key `d:<round>:<offset>`, a slice
 * of one round of listing pages) and `fetch` batches of detail pages (key `f:<discover key>:<n>`, `urls`).
 * A message claims its task with a lease and completes it once (guarded by the lease token), so a
 * duplicate delivery changes nothing twice.
 */
export const scrapeJobTasks = sqliteTable(
  "scrape_job_tasks",
  {
    jobId: text("job_id").notNull(),
    taskKey: text("task_key").notNull(),
    kind: text("kind").notNull(),
    dealershipId: text("dealership_id").notNull(),
    urls: text("urls", { mode: "json" }).$type<string[]>(),
    status: text("status").notNull(),
    leaseToken: text("lease_token"),
    leaseUntil: text("lease_until"),
    attempts: integer("attempts").notNull().default(0),
    result: text("result", { mode: "json" }),
    createdAt: text("created_at").notNull(),
    completedAt: text("completed_at"),
  },
  (t) => [
    primaryKey({ name: "scrape_job_tasks_pk", columns: [t.jobId, t.taskKey] }),
    foreignKey({
      name: "scrape_job_tasks_job_fk",
      columns: [t.jobId],
      foreignColumns: [scrapeJobs.id],
    }).onDelete("cascade"),
  ],
);

/**
 * Every page URL a job queued: discovery de-duplicates against it. Listing pages (`srp`) carry the
 * discovery round that will fetch them; every row names the discover task that found it (`found_by`),
 * so a retried task finds its own results again.
 */
export const scrapeJobPages = sqliteTable(
  "scrape_job_pages",
  {
    jobId: text("job_id").notNull(),
    url: text("url").notNull(),
    kind: text("kind").notNull(),
    round: integer("round").notNull(),
    foundBy: text("found_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "scrape_job_pages_pk", columns: [t.jobId, t.url] }),
    foreignKey({
      name: "scrape_job_pages_job_fk",
      columns: [t.jobId],
      foreignColumns: [scrapeJobs.id],
    }).onDelete("cascade"),
    index("scrape_job_pages_round_idx").on(t.jobId, t.kind, t.round, t.url),
    index("scrape_job_pages_found_by_idx").on(t.jobId, t.foundBy, t.kind),
  ],
);

/** VINs a job saw (and wrote): reconciliation removes active vehicles that are not in it. */
export const scrapeJobSeen = sqliteTable(
  "scrape_job_seen",
  {
    jobId: text("job_id").notNull(),
    vin: text("vin").notNull(),
    vehicleId: text("vehicle_id").notNull(),
  },
  (t) => [
    primaryKey({ name: "scrape_job_seen_pk", columns: [t.jobId, t.vin] }),
    foreignKey({
      name: "scrape_job_seen_job_fk",
      columns: [t.jobId],
      foreignColumns: [scrapeJobs.id],
    }).onDelete("cascade"),
  ],
);

/** Recorded problems of a job (capped per job by the repository). */
export const scrapeJobErrors = sqliteTable(
  "scrape_job_errors",
  {
    id: integer("id").primaryKey(),
    jobId: text("job_id").notNull(),
    url: text("url"),
    code: text("code").notNull(),
    message: text("message").notNull(),
    at: text("at").notNull(),
  },
  (t) => [
    foreignKey({
      name: "scrape_job_errors_job_fk",
      columns: [t.jobId],
      foreignColumns: [scrapeJobs.id],
    }).onDelete("cascade"),
    index("scrape_job_errors_job_idx").on(t.jobId, t.id),
  ],
);

/** Messages that exhausted their retries, as the dead-letter consumer received them. */
export const scrapeDeadLetters = sqliteTable(
  "scrape_dead_letters",
  {
    id: text("id").primaryKey(),
    jobId: text("job_id"),
    dealershipId: text("dealership_id"),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    reason: text("reason"),
    createdAt: text("created_at").notNull(),
    replayedAt: text("replayed_at"),
  },
  (t) => [
    uniqueIndex("scrape_dead_letters_message_uq").on(t.queue, t.messageId),
    index("scrape_dead_letters_job_idx").on(t.jobId, t.createdAt),
  ],
);

/**
 * Per dealership: the one active scrape (claimed atomically with ON CONFLICT ... WHERE, so two requests
 * can never both start one) and the scheduler's bookkeeping (last cron slot enqueued, last failure).
 */
export const scrapeState = sqliteTable(
  "scrape_state",
  {
    dealershipId: text("dealership_id").primaryKey(),
    activeJobId: text("active_job_id"),
    activeSince: text("active_since"),
    lastSlotAt: text("last_slot_at"),
    lastScheduleError: text("last_schedule_error"),
    lastScheduleErrorAt: text("last_schedule_error_at"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    foreignKey({
      name: "scrape_state_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
  ],
);

/** `Idempotency-Key`s of POSTs that create work, per dealership and scope, valid for a window. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    dealershipId: text("dealership_id").notNull(),
    scope: text("scope").notNull(),
    idemKey: text("idem_key").notNull(),
    requestHash: text("request_hash").notNull(),
    resourceId: text("resource_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pk", columns: [t.dealershipId, t.scope, t.idemKey] }),
    foreignKey({
      name: "idempotency_keys_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
  ],
);

/**
 * What the embedder last wrote to a vector store for a vehicle: the document's content hash, so an
 * unchanged vehicle is not embedded again. One row per (store, dealership, vehicle); `store_key` names
 * the store instance ("local:vehicles", "qdrant:https://host/collection", ...) so switching stores starts
 * from nothing. No foreign key to vehicles: the row outlives a hard-deleted vehicle until its vector is gone.
 */
export const vectorDocuments = sqliteTable(
  "vector_documents",
  {
    storeKey: text("store_key").notNull(),
    dealershipId: text("dealership_id").notNull(),
    vehicleId: text("vehicle_id").notNull(),
    contentHash: text("content_hash").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ name: "vector_documents_pk", columns: [t.storeKey, t.dealershipId, t.vehicleId] })],
);

/**
 * Vector-store migrations (copy one tenant or all from one store to another), resumable from `checkpoint`
 * (the engine's opaque state, JSON). `active_key` is set while unfinished and unique, so one migration per
 * (source, target, dealership) runs at a time and starting it again resumes it; NULL once finished.
 * `version` increments on every write: a step only lands on the version it read (duplicate deliveries
 * of a step message cannot move the checkpoint twice).
 */
export const vectorMigrations = sqliteTable(
  "vector_migrations",
  {
    id: text("id").primaryKey(),
    source: text("source").notNull(),
    target: text("target").notNull(),
    dealershipId: text("dealership_id"),
    status: text("status").notNull(),
    activeKey: text("active_key"),
    checkpoint: text("checkpoint"),
    progress: text("progress"),
    verification: text("verification"),
    lastError: text("last_error"),
    steps: integer("steps").notNull(),
    version: integer("version").notNull(),
    requestedBy: text("requested_by").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [
    uniqueIndex("vector_migrations_active_uq").on(t.activeKey),
    index("vector_migrations_created_idx").on(t.createdAt),
    check("vector_migrations_status_ck", sql`${t.status} IN ('running', 'verifying', 'succeeded', 'failed')`),
  ],
);

/**
 * AI usage ledger (migration 0003_ai): one row per priced provider call, per dealership and feature
 * ("chat", "search", "embedding"). `day` is the UTC date of `at` (YYYY-MM-DD), stored so per-day totals
 * group the same way on every database. Costs are integer micro-dollars.
 */
export const aiUsage = sqliteTable(
  "ai_usage",
  {
    id: text("id").primaryKey(),
    dealershipId: text("dealership_id").notNull(),
    feature: text("feature").notNull(),
    provider: text("provider").notNull(),
    modelId: text("model_id").notNull(),
    inputTokens: integer("input_tokens").notNull(),
    outputTokens: integer("output_tokens").notNull(),
    costMicroUsd: integer("cost_micro_usd").notNull(),
    day: text("day").notNull(),
    at: text("at").notNull(),
  },
  (t) => [
    foreignKey({
      name: "ai_usage_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
    index("ai_usage_dealership_at_idx").on(t.dealershipId, t.at),
    index("ai_usage_dealership_day_idx").on(t.dealershipId, t.day, t.feature),
    check(
      "ai_usage_amounts_ck",
      sql`${t.inputTokens} >= 0 AND ${t.outputTokens} >= 0 AND ${t.costMicroUsd} >= 0`,
    ),
  ],
);

/**
 * Chat conversations (migration 0003_ai), scoped by dealership: the last turns as JSON (bounded by the
 * service), `channel` = "public" (API key) or "staff" (JWT). `version` increments on every write so two
 * concurrent messages cannot overwrite each other's turn.
 */
export const aiConversations = sqliteTable(
  "ai_conversations",
  {
    id: text("id").primaryKey(),
    dealershipId: text("dealership_id").notNull(),
    channel: text("channel").notNull(),
    messages: text("messages", { mode: "json" }).$type<unknown[]>().notNull(),
    turns: integer("turns").notNull(),
    version: integer("version").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    foreignKey({
      name: "ai_conversations_dealership_fk",
      columns: [t.dealershipId],
      foreignColumns: [dealerships.id],
    }).onDelete("cascade"),
    index("ai_conversations_dealership_idx").on(t.dealershipId, t.updatedAt),
  ],
);
