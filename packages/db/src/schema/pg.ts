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
  primaryKey,
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
  /** AI spending limits in micro-dollars (1e-6 USD); NULL = the configured default. Migration 0003_ai. */
  aiDailyBudgetMicroUsd: bigint("ai_daily_budget_micro_usd", { mode: "number" }),
  aiMonthlyBudgetMicroUsd: bigint("ai_monthly_budget_micro_usd", { mode: "number" }),
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
    /** Listing quality (@forecourt/quality): 0..100, null until scored. */
    qualityScore: integer("quality_score"),
    /** The QualityReport as JSON: parts, flags and the market assessment. */
    quality: jsonb("quality").$type<unknown>(),
    /** RULES_VERSION the score was computed with (a background job rescores older ones). */
    qualityRulesVersion: text("quality_rules_version"),
    /** When the score was computed; the background rescore compares it with the market segment's changes. Migration 0005. */
    qualityScoredAt: ts("quality_scored_at"),
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

// ---------------------------------------------------------------------------------------------
// Scraping (SPEC capability 3). Counters are integers updated in place (`x = x + ?`), so concurrent
// batches of one job never lose an increment; `version` bumps on every job change (progress consumers
// drop stale snapshots).

export const scrapeJobs = pgTable(
  "scrape_jobs",
  {
    id: idText("id").primaryKey(),
    dealershipId: idText("dealership_id").notNull(),
    trigger: text("trigger").notNull(),
    status: text("status").notNull(),
    websiteUrl: text("website_url").notNull(),
    budget: jsonb("budget").notNull(),
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
    bytesFetched: bigint("bytes_fetched", { mode: "number" }).notNull().default(0),
    truncated: text("truncated"),
    review: jsonb("review"),
    scheduledFor: ts("scheduled_for"),
    lastError: text("last_error"),
    replays: integer("replays").notNull().default(0),
    version: integer("version").notNull().default(0),
    createdAt: ts("created_at").notNull(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
    updatedAt: ts("updated_at").notNull(),
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
export const scrapeJobTasks = pgTable(
  "scrape_job_tasks",
  {
    jobId: idText("job_id").notNull(),
    taskKey: text("task_key").notNull(),
    kind: text("kind").notNull(),
    dealershipId: idText("dealership_id").notNull(),
    urls: jsonb("urls").$type<string[]>(),
    status: text("status").notNull(),
    leaseToken: text("lease_token"),
    leaseUntil: ts("lease_until"),
    attempts: integer("attempts").notNull().default(0),
    result: jsonb("result"),
    createdAt: ts("created_at").notNull(),
    completedAt: ts("completed_at"),
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
export const scrapeJobPages = pgTable(
  "scrape_job_pages",
  {
    jobId: idText("job_id").notNull(),
    url: text("url").notNull(),
    kind: text("kind").notNull(),
    round: integer("round").notNull(),
    foundBy: text("found_by").notNull(),
    createdAt: ts("created_at").notNull(),
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
export const scrapeJobSeen = pgTable(
  "scrape_job_seen",
  {
    jobId: idText("job_id").notNull(),
    vin: text("vin").notNull(),
    vehicleId: idText("vehicle_id").notNull(),
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
export const scrapeJobErrors = pgTable(
  "scrape_job_errors",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedByDefaultAsIdentity(),
    jobId: idText("job_id").notNull(),
    url: text("url"),
    code: text("code").notNull(),
    message: text("message").notNull(),
    at: ts("at").notNull(),
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
export const scrapeDeadLetters = pgTable(
  "scrape_dead_letters",
  {
    id: idText("id").primaryKey(),
    jobId: idText("job_id"),
    dealershipId: idText("dealership_id"),
    queue: text("queue").notNull(),
    messageId: text("message_id").notNull(),
    body: text("body").notNull(),
    attempts: integer("attempts").notNull(),
    reason: text("reason"),
    createdAt: ts("created_at").notNull(),
    replayedAt: ts("replayed_at"),
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
export const scrapeState = pgTable(
  "scrape_state",
  {
    dealershipId: idText("dealership_id").primaryKey(),
    activeJobId: idText("active_job_id"),
    activeSince: ts("active_since"),
    lastSlotAt: ts("last_slot_at"),
    lastScheduleError: text("last_schedule_error"),
    lastScheduleErrorAt: ts("last_schedule_error_at"),
    updatedAt: ts("updated_at").notNull(),
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
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    dealershipId: idText("dealership_id").notNull(),
    scope: text("scope").notNull(),
    idemKey: text("idem_key").notNull(),
    requestHash: text("request_hash").notNull(),
    resourceId: idText("resource_id").notNull(),
    createdAt: ts("created_at").notNull(),
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

/** See ./sqlite.ts. */
export const vectorDocuments = pgTable(
  "vector_documents",
  {
    storeKey: text("store_key").notNull(),
    dealershipId: idText("dealership_id").notNull(),
    vehicleId: idText("vehicle_id").notNull(),
    contentHash: text("content_hash").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [primaryKey({ name: "vector_documents_pk", columns: [t.storeKey, t.dealershipId, t.vehicleId] })],
);

/** See ./sqlite.ts. */
export const vectorMigrations = pgTable(
  "vector_migrations",
  {
    id: idText("id").primaryKey(),
    source: text("source").notNull(),
    target: text("target").notNull(),
    dealershipId: idText("dealership_id"),
    status: text("status").notNull(),
    activeKey: text("active_key"),
    checkpoint: text("checkpoint"),
    progress: text("progress"),
    verification: text("verification"),
    lastError: text("last_error"),
    steps: integer("steps").notNull(),
    version: integer("version").notNull(),
    requestedBy: text("requested_by").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
    finishedAt: ts("finished_at"),
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
export const aiUsage = pgTable(
  "ai_usage",
  {
    id: idText("id").primaryKey(),
    dealershipId: idText("dealership_id").notNull(),
    feature: text("feature").notNull(),
    provider: text("provider").notNull(),
    modelId: text("model_id").notNull(),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull(),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull(),
    costMicroUsd: bigint("cost_micro_usd", { mode: "number" }).notNull(),
    day: text("day").notNull(),
    at: ts("at").notNull(),
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
export const aiConversations = pgTable(
  "ai_conversations",
  {
    id: idText("id").primaryKey(),
    dealershipId: idText("dealership_id").notNull(),
    channel: text("channel").notNull(),
    messages: jsonb("messages").$type<unknown[]>().notNull(),
    turns: integer("turns").notNull(),
    version: integer("version").notNull(),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
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
