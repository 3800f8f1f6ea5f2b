import { SCRAPE_JOB_STATUSES } from "@forecourt/domain";
import { z } from "@hono/zod-openapi";
import { Cursor, csv, IdParam, IntParam, Timestamp } from "./common";

export const JobIdParams = z.object({ jobId: IdParam("jobId", "job_01jz8k2m3n4p5q6r7s8t9v0w1x") });

export const JobStatus = z.enum(SCRAPE_JOB_STATUSES).openapi({
  description:
    "queued → discovering → fetching → reconciling → succeeded | needs_review | failed; dead = a message exhausted its retries (replay it).",
});

const Count = z.number().int().min(0);

export const ScrapeErrorSchema = z
  .object({
    url: z.string().nullable(),
    code: z.string().openapi({ example: "http_error" }),
    message: z.string().openapi({ example: "HTTP 500" }),
    at: Timestamp,
  })
  .openapi("ScrapeError");

export const ScrapeReviewSchema = z
  .object({
    reasons: z.array(z.string()),
    wouldRemove: z.array(z.object({ vehicleId: z.string(), vin: z.string() })),
    wouldRemoveCount: Count,
    baseline: z.object({ jobId: z.string().nullable(), vehiclesFound: Count, activeBefore: Count }),
    resolution: z
      .object({
        action: z.enum(["applied", "discarded"]),
        by: z.string(),
        at: Timestamp,
        removed: Count.optional(),
      })
      .nullable(),
  })
  .openapi("ScrapeReview", {
    description: "Why a scrape was not trusted to remove vehicles, and what it would have removed.",
  });

export const Job = z
  .object({
    id: z.string().openapi({ example: "job_01jz8k2m3n4p5q6r7s8t9v0w1x" }),
    dealershipId: z.string(),
    trigger: z.enum(["manual", "schedule"]),
    status: JobStatus,
    websiteUrl: z.string(),
    requestedBy: z.string(),
    budget: z.object({ maxPages: Count, maxBytes: Count, maxSeconds: Count }),
    counts: z.object({
      pagesQueued: Count,
      pagesFetched: Count,
      pagesFailed: Count,
      vehiclesFound: Count,
      vehiclesNew: Count,
      vehiclesUpdated: Count,
      vehiclesUnchanged: Count,
      vehiclesRemoved: Count,
    }),
    errorCount: Count,
    errors: z
      .array(ScrapeErrorSchema)
      .openapi({ description: "The first errors (capped); errorCount counts all." }),
    batches: z.object({ total: Count, done: Count }),
    discoveryDone: z.boolean(),
    truncated: z
      .string()
      .nullable()
      .openapi({ description: "Why discovery stopped early (a budget), if it did." }),
    bytesFetched: Count,
    review: ScrapeReviewSchema.nullable(),
    scheduledFor: Timestamp.nullable(),
    lastError: z.string().nullable(),
    replays: Count,
    version: Count.openapi({ description: "Bumped on every change (WebSocket frames carry it too)." }),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable(),
    finishedAt: Timestamp.nullable(),
    updatedAt: Timestamp,
  })
  .openapi("Job");

export const DeadLetterSchema = z
  .object({
    id: z.string(),
    queue: z.string(),
    messageId: z.string(),
    messageType: z.string().nullable(),
    reason: z.string().nullable(),
    createdAt: Timestamp,
    replayedAt: Timestamp.nullable(),
  })
  .openapi("DeadLetter");

export const JobDetail = Job.extend({ deadLetters: z.array(DeadLetterSchema) }).openapi("JobDetail");

export const JobEnvelope = z.object({ job: Job }).openapi("JobEnvelope");

export const JobList = z
  .object({ items: z.array(Job), nextCursor: z.string().nullable() })
  .openapi("JobList");

export const JobListQuery = z.strictObject({
  status: csv(JobStatus, "Only jobs in these statuses.", 8).optional(),
  limit: IntParam(1, 100, "Page size, 1-100 (default 20).").optional(),
  cursor: Cursor.optional(),
});

export const StartScrapeBody = z
  .strictObject({
    maxPages: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: "A lower page budget for this run (at most the configured one)." }),
  })
  .openapi("StartScrape");
