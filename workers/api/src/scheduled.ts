import { type LogLevel, loadConfig } from "@forecourt/config";
import { createRepositories, type RepositoryOptions } from "@forecourt/db";
import {
  createServices,
  newId,
  type ProgressSink,
  type ScrapeQueue,
  type ScrapeSettings,
  scrapeSettings,
} from "@forecourt/services";
import type { Bindings } from "./env";
import { createLogger, errorFields } from "./lib/logger";
import { DurableObjectProgress } from "./progress/client";

export interface ScheduleTickDeps {
  worker: string;
  logLevel: LogLevel;
  db: RepositoryOptions;
  scrapeQueue?: ScrapeQueue | null;
  progress?: ProgressSink;
  settings?: ScrapeSettings;
  /** Vehicles the background quality rescore handles per tick (QualityService.rescoreStale); default 500. */
  qualityRescoreBatch?: number;
}

/**
 * One schedule tick (ScrapeScheduler.tick), logged, with the repositories closed afterwards: decide which
 * dealerships are due on their own schedule and timezone and send them, SCHEDULE_MESSAGE_MAX per
 * `schedule` message and spread over `scheduleSpreadSeconds`, to the scrape-jobs queue, whose consumer
 * starts the jobs; then the stalled-job reaper and the bounded quality rescore. Its queries do not grow
 * with the number of dealerships (see docs/capacity.md). Used by the scraper's cron trigger and by the API
 * Worker's scheduled handler below.
 */
export async function scheduleTick(
  controller: ScheduledController,
  ctx: ExecutionContext,
  deps: ScheduleTickDeps,
) {
  const requestId = newId("req");
  const logger = createLogger(deps.logLevel, {
    worker: deps.worker,
    trigger: "cron",
    cron: controller.cron,
    requestId,
  });
  const repos = createRepositories(deps.db);
  try {
    const services = createServices({
      repos,
      scrapeQueue: deps.scrapeQueue,
      progress: deps.progress,
      scrapeSettings: deps.settings,
    });
    let failure: unknown = null;
    try {
      const result = await services.scheduler.tick(requestId, new Date(controller.scheduledTime));
      logger[result.stalled.length > 0 ? "warn" : "info"]("schedule tick", { ...result });
    } catch (err) {
      logger.error("schedule tick failed", errorFields(err));
      failure = err;
    }
    // Then the bounded background quality rescore: stale rules, or market segments that moved since a
    // vehicle was scored. Its failure is logged and never affects the scheduling of scrapes (nor the reverse).
    try {
      const rescore = await services.quality.rescoreStale({ limit: deps.qualityRescoreBatch });
      logger.info("quality rescore", { ...rescore });
    } catch (err) {
      logger.error("quality rescore failed", errorFields(err));
    }
    if (failure) throw failure;
  } finally {
    ctx.waitUntil(repos.close().catch(() => {}));
  }
}

/**
 * The API Worker's scheduled handler. In production the cron trigger lives on workers/scraper; locally
 * `wrangler dev --test-scheduled` only exposes /__scheduled on the first Worker of a multi-config session
 * (the API), so `npm start` drives the same tick through here. The API config declares no cron, so this
 * never fires twice.
 */
export function runScheduleTick(controller: ScheduledController, env: Bindings, ctx: ExecutionContext) {
  const config = loadConfig(env);
  return scheduleTick(controller, ctx, {
    worker: "api",
    logLevel: config.logLevel,
    db: config.db,
    scrapeQueue: config.queues.scrapeJobs,
    progress: env.JOB_PROGRESS ? new DurableObjectProgress(env.JOB_PROGRESS) : undefined,
    settings: scrapeSettings(config.scraping),
  });
}
