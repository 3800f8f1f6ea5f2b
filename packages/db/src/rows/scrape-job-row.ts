import type {
  DeadLetter,
  ScrapeBudget,
  ScrapeError,
  ScrapeJob,
  ScrapeJobStatus,
  ScrapeReview,
  ScrapeTrigger,
} from "@forecourt/domain";
import { sql } from "drizzle-orm";
import type { ScrapeTask, ScrapeTaskKind, ScrapeTaskStatus } from "../repositories";
import { fromJson, toNumber, toStringOrNull } from "../sql/decode";
import type { Row } from "../sql/executor";
import { toIso, toIsoOrNull } from "../time";

/** Counter columns ↔ ScrapeCountersDelta keys. A fixed map: keys never reach SQL text unchecked. */
export const SCRAPE_COUNTER_COLUMNS = {
  pagesQueued: "pages_queued",
  pagesFetched: "pages_fetched",
  pagesFailed: "pages_failed",
  vehiclesFound: "vehicles_found",
  vehiclesNew: "vehicles_new",
  vehiclesUpdated: "vehicles_updated",
  vehiclesUnchanged: "vehicles_unchanged",
  vehiclesRemoved: "vehicles_removed",
  batchesTotal: "batches_total",
  batchesDone: "batches_done",
  bytesFetched: "bytes_fetched",
  errorCount: "error_count",
} as const;

export const SCRAPE_JOB_SELECT = sql.raw(
  [
    "id",
    "dealership_id",
    "trigger",
    "status",
    "website_url",
    "budget",
    "requested_by",
    "request_id",
    ...Object.values(SCRAPE_COUNTER_COLUMNS),
    "discovery_done",
    "truncated",
    "review",
    "scheduled_for",
    "last_error",
    "replays",
    "version",
    "created_at",
    "started_at",
    "finished_at",
    "updated_at",
  ].join(", "),
);

const jsonOrNull = <T>(v: unknown): T | null => (v === null || v === undefined ? null : fromJson<T>(v));

export function rowToScrapeJob(r: Row, errors: ScrapeError[] = []): ScrapeJob {
  return {
    id: String(r.id),
    dealershipId: String(r.dealership_id),
    trigger: String(r.trigger) as ScrapeTrigger,
    status: String(r.status) as ScrapeJobStatus,
    websiteUrl: String(r.website_url),
    budget: fromJson<ScrapeBudget>(r.budget),
    requestedBy: String(r.requested_by),
    requestId: toStringOrNull(r.request_id),
    counts: {
      pagesQueued: toNumber(r.pages_queued),
      pagesFetched: toNumber(r.pages_fetched),
      pagesFailed: toNumber(r.pages_failed),
      vehiclesFound: toNumber(r.vehicles_found),
      vehiclesNew: toNumber(r.vehicles_new),
      vehiclesUpdated: toNumber(r.vehicles_updated),
      vehiclesUnchanged: toNumber(r.vehicles_unchanged),
      vehiclesRemoved: toNumber(r.vehicles_removed),
    },
    errorCount: toNumber(r.error_count),
    errors,
    batchesTotal: toNumber(r.batches_total),
    batchesDone: toNumber(r.batches_done),
    discoveryDone: toNumber(r.discovery_done) === 1,
    truncated: toStringOrNull(r.truncated),
    bytesFetched: toNumber(r.bytes_fetched),
    review: jsonOrNull<ScrapeReview>(r.review),
    scheduledFor: toIsoOrNull(r.scheduled_for),
    lastError: toStringOrNull(r.last_error),
    replays: toNumber(r.replays),
    version: toNumber(r.version),
    createdAt: toIso(r.created_at),
    startedAt: toIsoOrNull(r.started_at),
    finishedAt: toIsoOrNull(r.finished_at),
    updatedAt: toIso(r.updated_at),
  };
}

export const SCRAPE_ERROR_SELECT = sql.raw("url, code, message, at");

export function rowToScrapeError(r: Row): ScrapeError {
  return {
    url: toStringOrNull(r.url),
    code: String(r.code),
    message: String(r.message),
    at: toIso(r.at),
  };
}

export const SCRAPE_TASK_SELECT = sql.raw(
  "job_id, task_key, kind, dealership_id, urls, status, lease_token, lease_until, attempts, result, created_at, completed_at",
);

export function rowToScrapeTask(r: Row): ScrapeTask {
  return {
    jobId: String(r.job_id),
    taskKey: String(r.task_key),
    kind: String(r.kind) as ScrapeTaskKind,
    dealershipId: String(r.dealership_id),
    urls: jsonOrNull<string[]>(r.urls),
    status: String(r.status) as ScrapeTaskStatus,
    leaseToken: toStringOrNull(r.lease_token),
    leaseUntil: toIsoOrNull(r.lease_until),
    attempts: toNumber(r.attempts),
    result: jsonOrNull<unknown>(r.result),
    createdAt: toIso(r.created_at),
    completedAt: toIsoOrNull(r.completed_at),
  };
}

export const DEAD_LETTER_SELECT = sql.raw(
  "id, job_id, dealership_id, queue, message_id, body, reason, created_at, replayed_at",
);

export function rowToDeadLetter(r: Row): DeadLetter {
  let body: unknown = r.body;
  try {
    body = JSON.parse(String(r.body));
  } catch {
    body = String(r.body);
  }
  return {
    id: String(r.id),
    jobId: toStringOrNull(r.job_id),
    dealershipId: toStringOrNull(r.dealership_id),
    queue: String(r.queue),
    messageId: String(r.message_id),
    body,
    reason: toStringOrNull(r.reason),
    createdAt: toIso(r.created_at),
    replayedAt: toIsoOrNull(r.replayed_at),
  };
}
