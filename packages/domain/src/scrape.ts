/** Scrape jobs (SPEC capability 3): what a job is, its lifecycle and its counts. Plain types, no I/O. */

/**
 * queued → discovering → fetching → reconciling → succeeded | needs_review | failed.
 * `dead`: a message of the job exhausted its retries (dead-letter queue); `POST /v1/jobs/{id}/replay`
 * puts it back where it stopped. `needs_review` ends with `apply` (→ succeeded) or `discard` (→ failed).
 */
export const SCRAPE_JOB_STATUSES = [
  "queued",
  "discovering",
  "fetching",
  "reconciling",
  "succeeded",
  "needs_review",
  "failed",
  "dead",
] as const;
export type ScrapeJobStatus = (typeof SCRAPE_JOB_STATUSES)[number];

/** Statuses in which the job still holds its dealership's "one scrape at a time" slot. */
export const ACTIVE_SCRAPE_STATUSES = ["queued", "discovering", "fetching", "reconciling"] as const;
export const TERMINAL_SCRAPE_STATUSES = ["succeeded", "needs_review", "failed", "dead"] as const;

export const SCRAPE_TRIGGERS = ["manual", "schedule"] as const;
export type ScrapeTrigger = (typeof SCRAPE_TRIGGERS)[number];

export interface ScrapeCounts {
  /** Pages discovered and queued for fetching (listing pages + detail pages). */
  pagesQueued: number;
  pagesFetched: number;
  pagesFailed: number;
  /** Distinct VINs extracted and written in this job. */
  vehiclesFound: number;
  vehiclesNew: number;
  vehiclesUpdated: number;
  vehiclesUnchanged: number;
  vehiclesRemoved: number;
}

export const EMPTY_SCRAPE_COUNTS: ScrapeCounts = {
  pagesQueued: 0,
  pagesFetched: 0,
  pagesFailed: 0,
  vehiclesFound: 0,
  vehiclesNew: 0,
  vehiclesUpdated: 0,
  vehiclesUnchanged: 0,
  vehiclesRemoved: 0,
};

/** One recorded problem (a page that failed, a message that failed an attempt...). */
export interface ScrapeError {
  /** The page, or null for job-level problems. */
  url: string | null;
  /** Machine-readable: the fetch error code (`http_error`, `timeout`, `robots_disallowed`...), `no_vehicle`, `invalid_vehicle`, `message_failed`... */
  code: string;
  message: string;
  at: string;
}

/** Per-job limits (defaults from the scraper's configuration; a manual scrape may lower maxPages). */
export interface ScrapeBudget {
  /** Most pages fetched (listing + detail), robots and sitemaps excluded. */
  maxPages: number;
  /** Most body bytes fetched. */
  maxBytes: number;
  /** Wall-clock budget from the job's start, in seconds. */
  maxSeconds: number;
}

export interface ScrapeRemovalCandidate {
  vehicleId: string;
  vin: string;
}

/** What a `needs_review` job would have done, and why it did not. */
export interface ScrapeReview {
  reasons: string[];
  /** Active vehicles the scrape did not see (the removals it would apply). */
  wouldRemove: ScrapeRemovalCandidate[];
  /** How many there are (the list is capped). */
  wouldRemoveCount: number;
  baseline: { jobId: string | null; vehiclesFound: number; activeBefore: number };
  resolution: null | { action: "applied" | "discarded"; by: string; at: string; removed?: number };
}

export interface ScrapeJob {
  id: string;
  dealershipId: string;
  trigger: ScrapeTrigger;
  status: ScrapeJobStatus;
  /** The website as it was when the job was created. */
  websiteUrl: string;
  budget: ScrapeBudget;
  /** Who asked (token subject) or "schedule". */
  requestedBy: string;
  /** Correlation id of the request (or cron tick) that created the job; it is in every log line of the job. */
  requestId?: string | null;
  counts: ScrapeCounts;
  /** Number of errors recorded (the list in `errors` is capped). */
  errorCount: number;
  errors: ScrapeError[];
  batchesTotal: number;
  batchesDone: number;
  discoveryDone: boolean;
  /** Why discovery stopped early (a budget), or null when it saw everything. */
  truncated: string | null;
  bytesFetched: number;
  review: ScrapeReview | null;
  /** Set for scheduled jobs: the cron slot the job was enqueued for. */
  scheduledFor: string | null;
  /** Last failure of a message of this job (shown for dead jobs). */
  lastError: string | null;
  replays: number;
  /** Bumped on every change: progress consumers drop stale snapshots. */
  version: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** A message that exhausted its retries and was recorded by the dead-letter consumer. */
export interface DeadLetter {
  id: string;
  jobId: string | null;
  dealershipId: string | null;
  queue: string;
  messageId: string;
  body: unknown;
  reason: string | null;
  createdAt: string;
  replayedAt: string | null;
}
