import { createRepositories, type Repositories } from "@forecourt/db";
import {
  currentCorrelation,
  instrumentQueue,
  type QueueOutcome,
  recordDeadLetter,
  recordQueueMessage,
  withCorrelation,
} from "@forecourt/observability";
import {
  createServices,
  type InventoryEvents,
  nullProgress,
  type ProgressSink,
  retryDelaySeconds,
  ScrapePipeline,
  type ScrapeQueue,
  systemClock,
} from "@forecourt/services";
import { instrumentWorker, reportError, traceMessage } from "@forecourt/telemetry";
import { createLogger, errorFields, type Logger } from "../../api/src/lib/logger";
import { beginMetrics, flushMetrics } from "../../api/src/metrics/client";
import { DurableObjectProgress } from "../../api/src/progress/client";
import { scheduleTick } from "../../api/src/scheduled";
import { scheduledAlerts } from "./alerts";
import { loadScraperConfig, type ScraperConfig } from "./config";
import { WorkerCrawlerFactory } from "./crawler";
import type { ScraperEnv } from "./env";
import { metricsProgress } from "./observability";

/** The queue the dead-letter queue collects from (its messages are recorded as that queue's). */
const SOURCE_QUEUE = "scrape-jobs";

/**
 * workers/scraper: the `scrape-jobs` consumer (schedule → discover → fetch-batch fan-out → reconcile), the
 * consumer of its dead-letter queue, and the cron trigger that decides which scheduled scrapes are due and
 * hands them to the queue in `schedule` messages. Handlers stay thin:
 * every rule is in @forecourt/services (ScrapePipeline, ScrapeScheduler), every query in @forecourt/db.
 */
const worker = {
  async queue(batch, env, ctx) {
    const config = loadScraperConfig(env);
    const logger = createLogger(config.logLevel, { worker: "scraper", queue: batch.queue });
    beginMetrics(env);
    const repos = createRepositories(config.db);
    try {
      const pipeline = buildPipeline(env, config, repos, logger);
      const dead = batch.queue.endsWith("-dlq");
      // Each message is acked or retried on its own: one poison message never fails its neighbours.
      await Promise.all(
        batch.messages.map((msg) =>
          traceMessage(msg, batch.queue, () =>
            // The message's requestId is the correlation id of everything this message causes.
            withCorrelation({ requestId: correlationOf(msg) }, () =>
              dead ? onDeadLetter(pipeline, msg, logger) : onMessage(pipeline, msg, config, logger),
            ),
          ),
        ),
      );
    } finally {
      ctx.waitUntil(repos.close().catch(() => {}));
      ctx.waitUntil(flushMetrics(env).catch(() => {}));
    }
  },

  async scheduled(controller, env, ctx) {
    const config = loadScraperConfig(env);
    // Alert rules (docs/operations.md) on the same cron, independent of the schedule tick: neither can
    // fail or delay the other.
    ctx.waitUntil(
      scheduledAlerts(env, {
        logLevel: config.logLevel,
        db: config.db,
        now: new Date(controller.scheduledTime),
      }),
    );
    try {
      await scheduleTick(controller, ctx, {
        worker: "scraper",
        logLevel: config.logLevel,
        db: config.db,
        scrapeQueue: (env.SCRAPE_JOBS
          ? instrumentQueue(env.SCRAPE_JOBS, "scrape-jobs")
          : null) as unknown as ScrapeQueue,
        progress: progressOf(env) ?? nullProgress,
        settings: config.settings,
        qualityRescoreBatch: config.qualityRescoreBatch,
      });
    } finally {
      ctx.waitUntil(flushMetrics(env).catch(() => {}));
    }
  },

  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/health") return Response.json({ status: "ok", worker: "forecourt-scraper" });
    return Response.json(
      { error: { code: "not_found", message: "the scraper has no HTTP API; see /v1 on the API Worker" } },
      { status: 404 },
    );
  },
} satisfies ExportedHandler<ScraperEnv>;

// Tracing and error reporting (packages/telemetry): configured by env, off when unset.
export default instrumentWorker(worker, { service: "forecourt-scraper" });

function progressOf(env: ScraperEnv): DurableObjectProgress | null {
  return env.JOB_PROGRESS ? new DurableObjectProgress(env.JOB_PROGRESS) : null;
}

export function buildPipeline(
  env: ScraperEnv,
  config: ScraperConfig,
  repos: Repositories,
  logger: Logger,
): ScrapePipeline {
  const progress = progressOf(env);
  const sink: ProgressSink = metricsProgress(progress ?? nullProgress);
  const queue = (env.SCRAPE_JOBS
    ? instrumentQueue(env.SCRAPE_JOBS, "scrape-jobs")
    : env.SCRAPE_JOBS) as unknown as ScrapeQueue;
  // The scheduler runs the `schedule` / `schedule-scan` messages the cron tick sends.
  const services = createServices({
    repos,
    scrapeQueue: queue,
    progress: sink,
    scrapeSettings: config.settings,
  });
  return new ScrapePipeline({
    repos,
    clock: systemClock,
    queue,
    progress: sink,
    crawlers: new WorkerCrawlerFactory({
      policy: config.policy,
      dns: config.dns,
      userAgent: config.userAgent,
      timeoutMs: config.fetchTimeoutMs,
      maxPageBytes: config.maxPageBytes,
      delayMs: config.politenessDelayMs,
      maxConcurrency: config.maxConcurrency,
      pacer: progress ? (jobId, host, delayMs) => progress.reserveFetchSlot(jobId, host, delayMs) : undefined,
    }),
    inventory: services.inventory,
    quality: services.quality,
    scheduler: services.scheduler,
    events: env.EMBED_JOBS ? embedEvents(instrumentQueue(env.EMBED_JOBS, "embed-jobs")) : null,
    settings: config.settings,
    // Pipeline lines carry the correlation id of the message being handled (withCorrelation in queue()).
    log: (level, message, fields) =>
      logger[level](message, { requestId: currentCorrelation()?.requestId, ...fields }),
  });
}

async function onMessage(
  pipeline: ScrapePipeline,
  msg: Message<unknown>,
  config: ScraperConfig,
  logger: Logger,
) {
  const body = msg.body as Record<string, unknown> | null;
  const log = logger.child({
    messageId: msg.id,
    attempts: msg.attempts,
    type: body?.type,
    jobId: body?.jobId,
    dealershipId: body?.dealershipId,
    requestId: body?.requestId,
  });
  const meta = { id: msg.id, attempts: msg.attempts };
  let result: QueueOutcome = "retry";
  try {
    const outcome = await pipeline.handle(msg.body, meta);
    if (outcome.action === "ack") {
      msg.ack();
      result = "ack";
      log.info("message done", { note: outcome.note });
    } else {
      msg.retry({ delaySeconds: outcome.delaySeconds });
      log.info("message deferred", { note: outcome.note, delaySeconds: outcome.delaySeconds });
    }
  } catch (err) {
    const delaySeconds = retryDelaySeconds(msg.attempts, config.backoff);
    log.warn("message failed; retrying", { ...errorFields(err), delaySeconds });
    reportError(err);
    await pipeline.recordAttemptFailure(msg.body, meta, err);
    msg.retry({ delaySeconds });
  } finally {
    // Queue metrics: outcome, delivery attempt and the message's age since it was enqueued.
    recordQueueMessage({
      queue: SOURCE_QUEUE,
      type: body?.type,
      outcome: result,
      enqueuedAt: msg.timestamp,
      attempts: msg.attempts,
    });
  }
}

async function onDeadLetter(pipeline: ScrapePipeline, msg: Message<unknown>, logger: Logger) {
  const body = msg.body as Record<string, unknown> | null;
  // The correlation id of the request that started the job follows it into the dead-letter log line.
  const log = logger.child({
    messageId: msg.id,
    attempts: msg.attempts,
    requestId: body?.requestId,
    dealershipId: body?.dealershipId,
  });
  try {
    await pipeline.recordDead(msg.body, { queue: SOURCE_QUEUE, messageId: msg.id, attempts: msg.attempts });
    msg.ack();
    recordDeadLetter(SOURCE_QUEUE);
    log.warn("dead letter recorded", { jobId: (msg.body as { jobId?: unknown } | null)?.jobId });
  } catch (err) {
    log.error("recording a dead letter failed; retrying", errorFields(err));
    reportError(err);
    msg.retry({ delaySeconds: 60 });
  }
}

/** Changed vehicles go to the embedder (best effort, 500 ids per message). */
function embedEvents(queue: Queue): InventoryEvents {
  return {
    async vehiclesChanged(dealershipId, vehicleIds) {
      for (let i = 0; i < vehicleIds.length; i += 500) {
        await queue.send({
          type: "vehicle.changed",
          dealershipId,
          vehicleIds: vehicleIds.slice(i, i + 500),
          // The API request (or cron tick) that started the scrape, carried by the message being handled.
          requestId: currentCorrelation()?.requestId ?? "scrape",
        });
      }
    },
  };
}

function correlationOf(msg: Message<unknown>): string | undefined {
  const id = (msg.body as { requestId?: unknown } | null)?.requestId;
  return typeof id === "string" && id.length <= 128 ? id : undefined;
}
