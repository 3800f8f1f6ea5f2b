import type { Repositories } from "@forecourt/db";
import {
  type DeadLetter,
  type Dealership,
  type Page,
  type Principal,
  SCRAPE_JOB_STATUSES,
  type ScrapeJob,
  type ScrapeJobStatus,
} from "@forecourt/domain";
import type { Clock } from "../clock";
import { sha256Hex } from "../crypto";
import {
  badRequest,
  conflict,
  forbidden,
  isInvalidCursor,
  notFound,
  ServiceError,
  validationFailed,
} from "../errors";
import { newId } from "../ids";
import type { InventoryEvents } from "../inventory/service";
import { authorizeDealership, canSeeDealership, requireUser } from "../policy";
import {
  invalidMessage,
  isJobMessage,
  type JobMessage,
  type ScrapeMessage,
  type ScrapeQueue,
  sendAll,
} from "./messages";
import { protectedUrlsOf } from "./pipeline";
import type { ScrapeSettings } from "./settings";
import { jobSnapshot, type ProgressSink } from "./snapshot";

export interface StartScrapeInput {
  /** Lower page budget for this run (at most the configured one). */
  maxPages?: number;
}

export interface StartScrapeOptions {
  idempotencyKey?: string;
  requestId: string;
}

export const IDEMPOTENCY_KEY_RE = /^[\x21-\x7e]{1,255}$/;
export const JOBS_LIMIT_DEFAULT = 20;
export const JOBS_LIMIT_MAX = 100;

export interface JobListInput {
  status?: ScrapeJobStatus[];
  dealershipId?: string;
  limit?: number;
  cursor?: string;
}

/**
 * Scrape jobs as the API sees them: start (202 at once; the scraper Worker does the work from the queue),
 * read and list (tenant-scoped), and the admin actions on finished jobs: apply or discard a review,
 * replay a dead job.
 */
export class ScrapeJobService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly queue: ScrapeQueue | null,
    private readonly progress: ProgressSink,
    private readonly settings: ScrapeSettings,
    private readonly events: InventoryEvents | null = null,
  ) {}

  /**
   * Starts a scrape (dealer_admin or platform_admin). With an Idempotency-Key, the same key for the same
   * dealership within the window returns the same job (`created: false`); the key with a different body
   * is a 409. One scrape per dealership at a time: another active one is a 409 naming it.
   */
  async start(
    principal: Principal,
    dealershipId: string,
    input: StartScrapeInput,
    opts: StartScrapeOptions,
  ): Promise<{ job: ScrapeJob; created: boolean }> {
    authorizeDealership(principal, dealershipId, "admin");
    const user = requireUser(principal, "start scrapes");
    const key = opts.idempotencyKey;
    if (key !== undefined && !IDEMPOTENCY_KEY_RE.test(key)) {
      throw validationFailed("Idempotency-Key must be 1 to 255 visible ASCII characters", [
        { path: ["Idempotency-Key"], code: "invalid_key", message: "1 to 255 visible ASCII characters" },
      ]);
    }
    const budget = { ...this.settings.budget };
    if (input.maxPages !== undefined) {
      if (!Number.isInteger(input.maxPages) || input.maxPages < 1 || input.maxPages > budget.maxPages) {
        throw validationFailed(`maxPages must be a whole number from 1 to ${budget.maxPages}`, [
          { path: ["maxPages"], code: "out_of_range", message: `from 1 to ${budget.maxPages}` },
        ]);
      }
      budget.maxPages = input.maxPages;
    }
    const dealership = await this.repos.dealerships.get(dealershipId);
    if (!dealership) throw notFound("dealership", dealershipId);
    if (dealership.status === "disabled")
      throw conflict("this dealership is disabled; enable it before scraping");
    const requestHash = await sha256Hex(JSON.stringify({ maxPages: input.maxPages ?? null }));
    return this.create(dealership, {
      trigger: "manual",
      requestedBy: user.subject,
      budget,
      scheduledFor: null,
      idempotency: key === undefined ? null : { key, requestHash },
      requestId: opts.requestId,
    });
  }

  /** The scheduler's entry (no principal): one job per dealership and cron slot (the slot is the key). */
  async startScheduled(
    dealership: Dealership,
    slot: Date,
    requestId: string,
  ): Promise<{ outcome: "created" | "existing" | "busy"; job: ScrapeJob | null }> {
    try {
      const { job, created } = await this.create(dealership, {
        trigger: "schedule",
        requestedBy: "schedule",
        budget: { ...this.settings.budget },
        scheduledFor: slot.toISOString(),
        idempotency: { key: `schedule:${slot.toISOString()}`, requestHash: "schedule" },
        requestId,
      });
      return { outcome: created ? "created" : "existing", job };
    } catch (err) {
      if (err instanceof ServiceError && err.code === "conflict") return { outcome: "busy", job: null };
      throw err;
    }
  }

  private async create(
    dealership: Dealership,
    spec: {
      trigger: ScrapeJob["trigger"];
      requestedBy: string;
      budget: ScrapeJob["budget"];
      scheduledFor: string | null;
      idempotency: { key: string; requestHash: string } | null;
      requestId: string;
    },
  ): Promise<{ job: ScrapeJob; created: boolean }> {
    const queue = this.requireQueue();
    const now = this.clock.now();
    const result = await this.repos.scrapes.createJob(
      {
        id: newId("job", now.getTime()),
        dealershipId: dealership.id,
        trigger: spec.trigger,
        websiteUrl: dealership.websiteUrl,
        budget: spec.budget,
        requestedBy: spec.requestedBy,
        requestId: spec.requestId,
        scheduledFor: spec.scheduledFor,
        now: now.toISOString(),
      },
      {
        idempotency: spec.idempotency
          ? {
              scope: "scrape",
              key: spec.idempotency.key,
              requestHash: spec.idempotency.requestHash,
              validAfter: new Date(
                now.getTime() - this.settings.idempotencyWindowSeconds * 1000,
              ).toISOString(),
            }
          : null,
        lockStaleBefore: new Date(now.getTime() - this.settings.staleJobSeconds * 1000).toISOString(),
      },
    );
    if (result.outcome === "existing") {
      if (!result.sameRequest) {
        throw conflict(
          "this Idempotency-Key was already used with a different request body for this dealership; use a new key",
        );
      }
      return { job: result.job, created: false };
    }
    if (result.outcome === "busy") {
      throw new ServiceError(
        "conflict",
        `a scrape of this dealership is already running${result.activeJobId ? ` (job ${result.activeJobId})` : ""}; wait for it to finish`,
        { activeJobId: result.activeJobId },
      );
    }
    const job = result.job;
    try {
      await queue.send({
        v: 1,
        type: "discover",
        jobId: job.id,
        dealershipId: job.dealershipId,
        round: 0,
        offset: 0,
        requestId: spec.requestId,
      });
    } catch (err) {
      // Nothing will run it: end the job now so the dealership is free again, and report the failure.
      const at = this.clock.now().toISOString();
      await this.repos.scrapes
        .updateJob(job.id, {
          now: at,
          from: ["queued"],
          status: "failed",
          finish: true,
          lastError: `could not enqueue the job: ${err instanceof Error ? err.message : String(err)}`,
          releaseClaim: true,
        })
        .catch(() => null);
      throw err;
    }
    return { job, created: true };
  }

  /** A job the caller may see (404 otherwise, like a missing id), with its first errors. */
  async get(principal: Principal, jobId: string): Promise<ScrapeJob> {
    requireUser(principal, "read scrape jobs");
    const job = await this.repos.scrapes.getJob(jobId);
    if (!job || !canSeeDealership(principal, job.dealershipId)) throw notFound("job", jobId);
    return job;
  }

  /** The dead letters of a job the caller may see. */
  async deadLetters(principal: Principal, job: ScrapeJob): Promise<DeadLetter[]> {
    if (!canSeeDealership(principal, job.dealershipId)) throw notFound("job", job.id);
    return this.repos.scrapes.deadLetters(job.id);
  }

  async listForDealership(
    principal: Principal,
    dealershipId: string,
    input: Omit<JobListInput, "dealershipId">,
  ): Promise<Page<ScrapeJob>> {
    authorizeDealership(principal, dealershipId, "read");
    requireUser(principal, "list scrape jobs");
    if (!(await this.repos.dealerships.get(dealershipId))) throw notFound("dealership", dealershipId);
    return this.runList({ ...input, dealershipIds: [dealershipId] });
  }

  /** Operators see every dealership's jobs; dealer roles only their own dealerships'. */
  async list(principal: Principal, input: JobListInput): Promise<Page<ScrapeJob>> {
    const user = requireUser(principal, "list scrape jobs");
    let ids: string[] | undefined;
    if (user.role === "platform_admin") ids = input.dealershipId ? [input.dealershipId] : undefined;
    else
      ids = input.dealershipId
        ? user.dealershipIds.filter((d) => d === input.dealershipId)
        : [...user.dealershipIds];
    return this.runList({ ...input, dealershipIds: ids });
  }

  private async runList(
    input: JobListInput & { dealershipIds: string[] | undefined },
  ): Promise<Page<ScrapeJob>> {
    const limit = input.limit ?? JOBS_LIMIT_DEFAULT;
    if (!Number.isInteger(limit) || limit < 1 || limit > JOBS_LIMIT_MAX) {
      throw validationFailed(`limit must be from 1 to ${JOBS_LIMIT_MAX}`, [
        { path: ["limit"], code: "out_of_range", message: `from 1 to ${JOBS_LIMIT_MAX}` },
      ]);
    }
    const statuses = input.status?.filter((s) => (SCRAPE_JOB_STATUSES as readonly string[]).includes(s));
    try {
      return await this.repos.scrapes.listJobs({
        dealershipIds: input.dealershipIds,
        statuses,
        limit,
        cursor: input.cursor,
      });
    } catch (err) {
      if (isInvalidCursor(err)) throw badRequest("cursor is not valid for this list; drop it to start again");
      throw err;
    }
  }

  /** Applies a `needs_review` job's removals (recomputed now: vehicles seen since are kept). */
  async apply(principal: Principal, jobId: string): Promise<ScrapeJob> {
    const job = await this.reviewable(principal, jobId);
    const now = this.clock.now().toISOString();
    // Claim the review first, so apply and discard can never both act.
    const claimed = await this.repos.scrapes.updateJob(job.id, {
      now,
      from: ["needs_review"],
      status: "reconciling",
    });
    if (!claimed) throw conflict("the review was resolved concurrently; reload the job");
    const tasks = await this.repos.scrapes.listTasks(job.id, { kind: "fetch" });
    const removed = await this.repos.scrapes.removeUnseen(
      job.dealershipId,
      { jobId: job.id, seenBefore: job.startedAt ?? job.createdAt, protectedUrls: protectedUrlsOf(tasks) },
      now,
    );
    const by = principal.kind === "user" ? principal.subject : principal.keyId;
    const done = await this.repos.scrapes.updateJob(job.id, {
      now: this.clock.now().toISOString(),
      from: ["reconciling"],
      status: "succeeded",
      counters: { vehiclesRemoved: removed.length },
      review: job.review
        ? { ...job.review, resolution: { action: "applied", by, at: now, removed: removed.length } }
        : null,
    });
    if (!done) throw conflict("the job changed while the review was applied; reload it");
    await this.repos.scrapes.purgeWorkingSet(job.id);
    if (removed.length > 0 && this.events)
      await this.events.vehiclesChanged(job.dealershipId, removed).catch(() => {});
    return this.publish(done);
  }

  /** Discards a `needs_review` job's removals: nothing is removed; the job ends `failed`. */
  async discard(principal: Principal, jobId: string): Promise<ScrapeJob> {
    const job = await this.reviewable(principal, jobId);
    const now = this.clock.now().toISOString();
    const by = principal.kind === "user" ? principal.subject : principal.keyId;
    const done = await this.repos.scrapes.updateJob(job.id, {
      now,
      from: ["needs_review"],
      status: "failed",
      review: job.review ? { ...job.review, resolution: { action: "discarded", by, at: now } } : null,
    });
    if (!done) throw conflict("the review was resolved concurrently; reload the job");
    await this.repos.scrapes.purgeWorkingSet(job.id);
    return this.publish(done);
  }

  /**
   * Puts a dead job back to work: re-sends the messages that died (with their task keys, so finished work
   * is not redone) and resumes the job where it stopped. 409 unless the job is dead, or while another
   * scrape of the dealership is running.
   */
  async replay(principal: Principal, jobId: string, requestId: string): Promise<ScrapeJob> {
    const job = await this.get(principal, jobId);
    authorizeDealership(principal, job.dealershipId, "admin");
    if (job.status !== "dead") throw conflict(`only dead jobs can be replayed; this one is ${job.status}`);
    const queue = this.requireQueue();
    const letters = await this.repos.scrapes.deadLetters(job.id, { unreplayedOnly: true });
    let messages: ScrapeMessage[] = letters
      .map((l) => l.body)
      .filter((b) => invalidMessage(b) === null && isJobMessage(b as ScrapeMessage))
      .map((b) => ({ ...(b as JobMessage), requestId }));
    if (messages.length === 0) messages = await this.resumeMessages(job, requestId);
    const status: ScrapeJobStatus = !job.startedAt
      ? "queued"
      : !job.discoveryDone
        ? "discovering"
        : job.batchesDone < job.batchesTotal
          ? "fetching"
          : "reconciling";
    const now = this.clock.now();
    const resumed = await this.repos.scrapes.updateJob(job.id, {
      now: now.toISOString(),
      from: ["dead"],
      status,
      finish: false,
      replays: 1,
      reclaim: { staleBefore: new Date(now.getTime() - this.settings.staleJobSeconds * 1000).toISOString() },
    });
    if (!resumed) {
      throw conflict(
        "another scrape of this dealership is running (or the job changed); replay it when that one ends",
      );
    }
    await sendAll(queue, messages);
    await this.repos.scrapes.markDeadLettersReplayed(
      letters.map((l) => l.id),
      now.toISOString(),
    );
    return this.publish(resumed);
  }

  /** Without dead letters to re-send: every unfinished task of the job, or its reconciliation. */
  private async resumeMessages(job: ScrapeJob, requestId: string): Promise<ScrapeMessage[]> {
    const base = { v: 1 as const, jobId: job.id, dealershipId: job.dealershipId, requestId };
    if (!job.startedAt) return [{ ...base, type: "discover", round: 0, offset: 0 }];
    const open = await this.repos.scrapes.listTasks(job.id, { status: ["pending", "processing"] });
    const out: ScrapeMessage[] = [];
    for (const t of open) {
      if (t.kind === "fetch") out.push({ ...base, type: "fetch-batch", task: t.taskKey });
      const m = /^d:(\d+):(\d+)$/.exec(t.taskKey);
      if (t.kind === "discover" && m)
        out.push({ ...base, type: "discover", round: Number(m[1]), offset: Number(m[2]) });
    }
    if (out.length === 0) out.push({ ...base, type: "reconcile" });
    return out;
  }

  private async reviewable(principal: Principal, jobId: string): Promise<ScrapeJob> {
    const job = await this.get(principal, jobId);
    authorizeDealership(principal, job.dealershipId, "admin");
    if (job.status !== "needs_review" || job.review?.resolution) {
      throw conflict(`only a job waiting for review can be applied or discarded; this one is ${job.status}`);
    }
    return job;
  }

  private requireQueue(): ScrapeQueue {
    if (!this.queue) throw forbidden("scraping is not enabled on this deployment (no SCRAPE_JOBS queue)");
    return this.queue;
  }

  private async publish(job: ScrapeJob): Promise<ScrapeJob> {
    const full = (await this.repos.scrapes.getJob(job.id)) ?? job;
    try {
      await this.progress.publish(jobSnapshot(full));
    } catch {
      // Best effort: pollers read the database.
    }
    return full;
  }
}
