import { type ScrapeJob, TERMINAL_SCRAPE_STATUSES } from "@forecourt/domain";

/**
 * The job as clients see it: `GET /v1/jobs/{id}` returns it, and the JobProgress Durable Object pushes the
 * same object over its WebSockets (`{"type":"progress","job":…}`). Explicit field list: nothing a
 * repository adds leaks by accident.
 */
export function jobSnapshot(job: ScrapeJob) {
  return {
    id: job.id,
    dealershipId: job.dealershipId,
    trigger: job.trigger,
    status: job.status,
    websiteUrl: job.websiteUrl,
    requestedBy: job.requestedBy,
    budget: { ...job.budget },
    counts: { ...job.counts },
    errorCount: job.errorCount,
    errors: job.errors.map((e) => ({ url: e.url, code: e.code, message: e.message, at: e.at })),
    batches: { total: job.batchesTotal, done: job.batchesDone },
    discoveryDone: job.discoveryDone,
    truncated: job.truncated,
    bytesFetched: job.bytesFetched,
    review: job.review,
    scheduledFor: job.scheduledFor,
    lastError: job.lastError,
    replays: job.replays,
    version: job.version,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    updatedAt: job.updatedAt,
  };
}

export type JobSnapshot = ReturnType<typeof jobSnapshot>;

export const isTerminal = (status: ScrapeJob["status"]) =>
  (TERMINAL_SCRAPE_STATUSES as readonly string[]).includes(status);

/**
 * Where job changes are pushed (the JobProgress Durable Object). Snapshots carry the job's `version`:
 * the receiver keeps the highest, so duplicates and out-of-order deliveries are harmless. Best effort:
 * polling `GET /v1/jobs/{id}` reads the database, which stays the source of truth.
 */
export interface ProgressSink {
  publish(snapshot: JobSnapshot): Promise<void>;
}

export const nullProgress: ProgressSink = { publish: async () => {} };
