import type { Repositories, ScheduleCandidate } from "@forecourt/db";
import { ACTIVE_SCRAPE_STATUSES, type Dealership } from "@forecourt/domain";
import { Cron } from "croner";
import type { Clock } from "../clock";
import type { ScrapeJobService } from "./jobs";
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
export function dueSlot(candidate: ScheduleCandidate, now: Date): Date | null {
  const d = candidate.dealership;
  if (d.status !== "active" || !d.scrapeSchedule.enabled) return null;
  const slot = latestCronSlot(d.scrapeSchedule.cron, d.timezone, now);
  if (!slot) return null;
  const floor = Date.parse(candidate.lastSlotAt ?? d.createdAt);
  return slot.getTime() > floor ? slot : null;
}

export interface ScheduleTickResult {
  checked: number;
  due: number;
  enqueued: number;
  /** Due, but the dealership's previous scrape is still running (the slot is skipped). */
  busy: number;
  failed: { dealershipId: string; error: string }[];
  /** Active jobs that made no progress for too long, now failed. */
  stalled: string[];
}

/**
 * The cron trigger's work: enqueue a scrape for every dealership whose own schedule (five-field cron in
 * its own timezone) has a slot since the last one enqueued. Each dealership is independent: a failure is
 * recorded on it (scrape_state.last_schedule_error) and retried next tick, and never delays the others.
 */
export class ScrapeScheduler {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly jobs: ScrapeJobService,
    private readonly progress: ProgressSink,
    private readonly settings: ScrapeSettings,
    private readonly concurrency = 10,
  ) {}

  async tick(requestId: string, now: Date = this.clock.now()): Promise<ScheduleTickResult> {
    const result: ScheduleTickResult = { checked: 0, due: 0, enqueued: 0, busy: 0, failed: [], stalled: [] };
    let cursor: string | undefined;
    do {
      const page = await this.repos.scrapes.scheduleCandidates({ limit: 200, cursor });
      const due: { dealership: Dealership; slot: Date }[] = [];
      for (const c of page.items) {
        result.checked++;
        const slot = dueSlot(c, now);
        if (slot) due.push({ dealership: c.dealership, slot });
      }
      result.due += due.length;
      await runPool(due, this.concurrency, async ({ dealership, slot }) => {
        const at = this.clock.now().toISOString();
        try {
          const r = await this.jobs.startScheduled(dealership, slot, requestId);
          if (r.outcome === "busy") result.busy++;
          else result.enqueued += r.outcome === "created" ? 1 : 0;
          await this.repos.scrapes.recordScheduleResult(dealership.id, {
            now: at,
            slotAt: slot.toISOString(),
            error: null,
          });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          result.failed.push({ dealershipId: dealership.id, error });
          await this.repos.scrapes
            .recordScheduleResult(dealership.id, { now: at, error: error.slice(0, 500) })
            .catch(() => {});
        }
      });
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    result.stalled = await this.failStalled(now);
    return result;
  }

  /** Active jobs with no change for `staleJobSeconds` are failed, freeing their dealership. */
  async failStalled(now: Date): Promise<string[]> {
    const before = new Date(now.getTime() - this.settings.staleJobSeconds * 1000).toISOString();
    const stalled = await this.repos.scrapes.stalledJobs(before, 100);
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
