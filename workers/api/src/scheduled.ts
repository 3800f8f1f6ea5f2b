import { loadConfig } from "@forecourt/config";
import { createRepositories } from "@forecourt/db";
import { createServices, newId } from "@forecourt/services";
import type { Bindings } from "./env";
import { createLogger, errorFields } from "./lib/logger";
import { DurableObjectProgress } from "./progress/client";

/**
 * The schedule tick (enqueue every dealership whose scrape is due), reachable on the API Worker too.
 * In production the cron trigger lives on workers/scraper; locally `wrangler dev --test-scheduled` only
 * exposes /__scheduled on the first Worker of a multi-config session (the API), so `npm start` drives
 * the same ScrapeScheduler through here. The API config declares no cron, so this never fires twice.
 */
export async function runScheduleTick(controller: ScheduledController, env: Bindings, ctx: ExecutionContext) {
  const config = loadConfig(env);
  const requestId = newId("req");
  const logger = createLogger(config.logLevel, {
    worker: "api",
    trigger: "cron",
    cron: controller.cron,
    requestId,
  });
  const repos = createRepositories(config.db);
  try {
    const services = createServices({
      repos,
      scrapeQueue: config.queues.scrapeJobs,
      progress: env.JOB_PROGRESS ? new DurableObjectProgress(env.JOB_PROGRESS) : undefined,
    });
    const result = await services.scheduler.tick(requestId, new Date(controller.scheduledTime));
    logger[result.failed.length > 0 ? "warn" : "info"]("schedule tick", { ...result });
  } catch (err) {
    logger.error("schedule tick failed", errorFields(err));
    throw err;
  } finally {
    ctx.waitUntil(repos.close().catch(() => {}));
  }
}
