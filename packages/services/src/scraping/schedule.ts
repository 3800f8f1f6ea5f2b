import type { Repositories, ScheduleCandidate } from "@forecourt/db";
import { ACTIVE_SCRAPE_STATUSES } from "@forecourt/domain";
import { Cron } from "croner";
import type { Clock } from "../clock";
import { forbidden } from "../errors";
import type { ScrapeJobService } from "./jobs";
import {
  SCHEDULE_MESSAGE_MAX,
  type ScheduleMessage,
  type ScrapeMessage,
  type ScrapeQueue,
  sendAll,
} from "./messages";
import type { ScrapeSettings } from "./settings";
import { jobSnapshot, type ProgressSink } from "./snapshot";

/**
 * The latest time at or before `now` that a five-field cron expression names, evaluated in `timezone`
 * (DST-aware), or null if there is none / the expression is invalid.
 *
 * croner (zero dependencies, Intl-based time zones, runs unchanged in workerd and Node) is used rather
 * than cron-parser, which pulls in Luxon for time zones; croner's `previousRuns` gives the slot directly.
 */
export function latestCronSlot(cron: string, timezone: string, now: Date): Date | null {
  try {
    const job = new Cron(cron, { timezone, paused: true, mode: "5-part" });
    // croner's reference is exclusive and whole-second: ask from a second later, keep the first run ≤ now.
    const runs = job.previousRuns(2, new Date(now.getTime() + 1000));
    return runs.find((r) => r.getTime() <= now.getTime()) ?? null;
  } catch {
    return null;
  }
}

/** Is a scheduled scrape due: the latest slot is newer than the last one enqueued (or the dealership)? */
export function dueSlot(
  candidate: ScheduleCandidate,
  now: Date,
  slotOf: (cron: string, timezone: string, now: Date) => Date | null = latestCronSlot,
): Date | null {
  const d = candidate.dealership;
  if (d.status !== "active" || !d.scrapeSchedule.enabled) return null;
  const slot = slotOf(d.scrapeSchedule.cron, d.timezone, now);
  if (!slot) return null;
  const floor = Date.parse(candidate.lastSlotAt ?? d.createdAt);
  return slot.getTime() > floor ? slot : null;
}

/** `latestCronSlot` memoised per (cron, timezone) for one `now`: dealerships share a few schedules. */
function slotCache(): (cron: string, timezone: string, now: Date) => Date | null {
  const cache = new Map<string, Date | null>();
  return (cron, timezone, now) => {
    const key = `${now.getTime()}\n${timezone}\n${cron}`;
    if (!cache.has(key)) cache.set(key, latestCronSlot(cron, timezone, now));
    return cache.get(key) ?? null;
  };
}

/**
 * The deterministic start offset of a dealership within the spread window: FNV-1a of its id, modulo
 * (window + 1) seconds. The same dealership starts at the same offset after every tick.
 */
export function scheduleOffsetSeconds(dealershipId: string, spreadSeconds: number): number {
  if (spreadSeconds <= 0) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < dealershipId.length; i++) {
    h ^= dealershipId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % (Math.floor(spreadSeconds) + 1);
}

/** Candidates read per query, and pages one invocation reads before handing the rest to `schedule-scan`. */
export const SCHEDULE_PAGE_SIZE = 500;
export const SCHEDULE_PAGES_PER_INVOCATION = 10;
/** Stalled jobs the reaper fails per tick (each: one atomic write and one progress publish). */
export const STALLED_PER_TICK = 100;

export interface ScheduleScanResult {
  /** Dealerships read. */
  checked: number;
  /** Of those, due (handed to `schedule` messages). */
  due: number;
  /** `schedule` messages sent (plus one `schedule-scan` when `continued`). */
  messages: number;
  /** More dealerships remain: a `schedule-scan` message continues after this invocation's pages. */
  continued: boolean;
}

export interface ScheduleTickResult extends ScheduleScanResult {
  /** Active jobs that made no progress for too long, now failed. */
  stalled: string[];
}

/** What one `schedule` message did, per dealership. */
export interface ScheduleStartResult {
  started: number;
  /** The slot's job already existed (a duplicated or redelivered message). */
  existing: number;
  /** Due, but the dealership's previous scrape is still running (the slot is skipped). */
  busy: number;
  /** Not due any more: slot already handled, dealership gone, paused, disabled or its schedule changed. */
  skipped: number;
  failed: { dealershipId: string; error: string }[];
}

/**
 * Scheduled scrapes, in two bounded steps so no invocation's work grows with the number of dealerships
 * (Workers allow 1,000 D1 queries / subrequests per invocation):
 *
 * 1. `tick` (the cron trigger): reads the dealerships a page at a time (SCHEDULE_PAGE_SIZE, at most
 *    SCHEDULE_PAGES_PER_INVOCATION pages; beyond that a `schedule-scan` message continues), decides
 *    which are due on their own schedule and timezone, and sends `schedule` messages of up to
 *    SCHEDULE_MESSAGE_MAX dealerships each, every one delayed by the dealership's offset within
 *    `scheduleSpreadSeconds`. Then the stalled-job reaper.
 * 2. `startDue` (the queue consumer, one `schedule` message): re-reads those dealerships, re-checks each
 *    slot against the tick's time and starts its job (the slot is the idempotency key). Each dealership is
 *    independent: a failure is recorded on it (scrape_state.last_schedule_error) and its slot stays
 *    unrecorded, so the next tick sends it again; it never delays the others.
 */
export class ScrapeScheduler {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly jobs: ScrapeJobService,
    private readonly progress: ProgressSink,
    private readonly settings: ScrapeSettings,
    private readonly queue: ScrapeQueue | null = null,
    private readonly concurrency = 10,
  ) {}

  /** The cron tick: scan (bounded; see the class) and reap stalled jobs. */
  async tick(requestId: string, now: Date = this.clock.now()): Promise<ScheduleTickResult> {
    let scan: ScheduleScanResult | null = null;
    let failure: unknown = null;
    try {
      scan = await this.scan({ at: now, requestId });
    } catch (err) {
      failure = err;
    }
    // The reaper runs even when the scan failed (neither delays the other).
    const stalled = await this.failStalled(now);
    if (failure) throw failure;
    return { ...(scan as ScheduleScanResult), stalled };
  }

  /**
   * One invocation's share of a tick's scan: up to SCHEDULE_PAGES_PER_INVOCATION pages after `cursor`,
   * the due dealerships sent as delayed `schedule` messages, and a `schedule-scan` for the rest.
   */
  async scan(input: { at: Date; cursor?: string; requestId: string }): Promise<ScheduleScanResult> {
    const queue = this.requireQueue();
    const slotOf = slotCache();
    const result: ScheduleScanResult = { checked: 0, due: 0, messages: 0, continued: false };
    const byDelay = new Map<number, { id: string; slot: string }[]>();
    // Offsets count from the tick's time: a continuation that runs later shortens its delays.
    const elapsed = Math.max(0, (this.clock.now().getTime() - input.at.getTime()) / 1000);
    let cursor = input.cursor;
    let pages = 0;
    do {
      const page = await this.repos.scrapes.scheduleCandidates({ limit: SCHEDULE_PAGE_SIZE, cursor });
      pages++;
      for (const c of page.items) {
        result.checked++;
        const slot = dueSlot(c, input.at, slotOf);
        if (!slot) continue;
        result.due++;
        const offset = scheduleOffsetSeconds(c.dealership.id, this.settings.scheduleSpreadSeconds);
        const delay = Math.max(0, Math.round(offset - elapsed));
        const group = byDelay.get(delay) ?? [];
        group.push({ id: c.dealership.id, slot: slot.toISOString() });
        byDelay.set(delay, group);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages < SCHEDULE_PAGES_PER_INVOCATION);

    const at = input.at.toISOString();
    const messages: { body: ScrapeMessage; delaySeconds?: number }[] = [];
    for (const [delay, group] of [...byDelay].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < group.length; i += SCHEDULE_MESSAGE_MAX) {
        messages.push({
          body: {
            v: 1,
            type: "schedule",
            at,
            requestId: input.requestId,
            dealerships: group.slice(i, i + SCHEDULE_MESSAGE_MAX),
          },
          ...(delay > 0 ? { delaySeconds: delay } : {}),
        });
      }
    }
    result.messages = messages.length;
    if (cursor) {
      messages.push({ body: { v: 1, type: "schedule-scan", at, cursor, requestId: input.requestId } });
      result.continued = true;
    }
    await sendAll(queue, messages);
    return result;
  }

  /** One `schedule` message: start each named dealership's job for its slot, if that slot is still due. */
  async startDue(msg: ScheduleMessage): Promise<ScheduleStartResult> {
    const result: ScheduleStartResult = { started: 0, existing: 0, busy: 0, skipped: 0, failed: [] };
    const at = new Date(msg.at);
    const ids = [...new Set(msg.dealerships.map((d) => d.id))];
    const candidates = new Map(
      (await this.repos.scrapes.scheduleCandidatesByIds(ids)).map((c) => [c.dealership.id, c]),
    );
    const records: { dealershipId: string; now: string; slotAt?: string; error: string | null }[] = [];
    const seen = new Set<string>();
    await runPool(msg.dealerships, this.concurrency, async ({ id, slot }) => {
      const candidate = candidates.get(id);
      // Re-checked now: a duplicate finds the slot recorded (not due); a dealership paused, disabled or
      // rescheduled since the tick is left alone.
      const due = candidate ? dueSlot(candidate, at) : null;
      if (!candidate || !due || due.toISOString() !== slot || seen.has(id)) {
        result.skipped++;
        return;
      }
      seen.add(id);
      try {
        const r = await this.jobs.startScheduled(candidate.dealership, due, msg.requestId);
        if (r.outcome === "busy") result.busy++;
        else if (r.outcome === "created") result.started++;
        else result.existing++;
        records.push({ dealershipId: id, now: this.clock.now().toISOString(), slotAt: slot, error: null });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        result.failed.push({ dealershipId: id, error });
        records.push({ dealershipId: id, now: this.clock.now().toISOString(), error: error.slice(0, 500) });
      }
    });
    // One write for the whole message. If it fails the message is retried: the jobs already started are
    // found by their slot's idempotency key ("existing"), never created twice.
    await this.repos.scrapes.recordScheduleResults(records);
    return result;
  }

  /** Active jobs with no change for `staleJobSeconds` are failed, freeing their dealership. */
  async failStalled(now: Date): Promise<string[]> {
    const before = new Date(now.getTime() - this.settings.staleJobSeconds * 1000).toISOString();
    const stalled = await this.repos.scrapes.stalledJobs(before, STALLED_PER_TICK);
    const out: string[] = [];
    for (const job of stalled) {
      const failed = await this.repos.scrapes.updateJob(job.id, {
        now: this.clock.now().toISOString(),
        from: ACTIVE_SCRAPE_STATUSES,
        status: "failed",
        finish: true,
        lastError: `stalled: no progress since ${job.updatedAt}`,
        releaseClaim: true,
      });
      if (failed) {
        out.push(failed.id);
        await this.progress.publish(jobSnapshot(failed)).catch(() => {});
      }
    }
    return out;
  }

  private requireQueue(): ScrapeQueue {
    if (!this.queue) throw forbidden("scraping is not enabled on this deployment (no SCRAPE_JOBS queue)");
    return this.queue;
  }
}

/** Runs `work` over `items` with at most `size` in flight; never rejects (work handles its own errors). */
async function runPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item).catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
