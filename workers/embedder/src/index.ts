import { createRepositories, type Repositories } from "@forecourt/db";
import { type QueueOutcome, recordDeadLetter, recordQueueMessage } from "@forecourt/observability";
import {
  type AiProviders,
  buildVectorStore,
  createAiProviders,
  storeKeyOf,
  vectorStoreConfigByName,
} from "@forecourt/providers";
import {
  EmbedConsumer,
  EmbeddingSync,
  RepositoryUsageLedger,
  retryDelaySeconds,
  systemClock,
  VectorMigrationRunner,
} from "@forecourt/services";
import { instrumentWorker, reportError, traceMessage } from "@forecourt/telemetry";
import { createLogger, errorFields, type Logger } from "../../api/src/lib/logger";
import { beginMetrics, flushMetrics } from "../../api/src/metrics/client";
import { type EmbedderConfig, loadEmbedderConfig } from "./config";
import type { EmbedderEnv } from "./env";
import { vectorMigrationEngine } from "./migration-engine";

/**
 * workers/embedder: the `embed-jobs` consumer (vehicle.changed, dealership.reembed, vectors.migrate) and
 * the consumer of its dead-letter queue. Handlers stay thin: the rules are in @forecourt/services
 * (EmbedConsumer, EmbeddingSync, VectorMigrationRunner), the adapters come from @forecourt/providers
 * as configured, every query is in @forecourt/db.
 */
const worker = {
  async queue(batch, env, ctx) {
    const config = loadEmbedderConfig(env);
    const logger = createLogger(config.logLevel, { worker: "embedder", queue: batch.queue });
    beginMetrics(env);
    const repos = createRepositories(config.db);
    try {
      const consumer = buildConsumer(config, repos);
      const dead = batch.queue.endsWith("-dlq");
      // One message at a time: each is acked or retried on its own (one failure never fails its
      // neighbours), and one invocation never floods the embedding provider.
      for (const msg of batch.messages) {
        await traceMessage(msg, batch.queue, () =>
          dead ? onDeadLetter(consumer, msg, logger) : onMessage(consumer, msg, config, logger),
        );
      }
    } finally {
      ctx.waitUntil(repos.close().catch(() => {}));
      ctx.waitUntil(flushMetrics(env).catch(() => {}));
    }
  },

  async fetch(request) {
    const path = new URL(request.url).pathname;
    if (path === "/health") return Response.json({ status: "ok", worker: "forecourt-embedder" });
    return Response.json(
      { error: { code: "not_found", message: "the embedder has no HTTP API; see /v1 on the API Worker" } },
      { status: 404 },
    );
  },
} satisfies ExportedHandler<EmbedderEnv>;

// Tracing and error reporting (packages/telemetry): configured by env, off when unset.
export default instrumentWorker(worker, { service: "forecourt-embedder" });

// Providers live as long as the isolate (the embedding cache and circuit breakers with them).
const providers = new WeakMap<EmbedderConfig, AiProviders>();
function providersOf(config: EmbedderConfig): AiProviders {
  let p = providers.get(config);
  if (!p) {
    p = createAiProviders(config.ai);
    providers.set(config, p);
  }
  return p;
}

export function buildConsumer(config: EmbedderConfig, repos: Repositories): EmbedConsumer {
  const ai = providersOf(config);
  const sync = new EmbeddingSync({
    repos,
    vectors: ai.vectors,
    embeddings: ai.embeddings,
    storeKey: storeKeyOf(config.ai.vectorStore),
    clock: systemClock,
    // Embedding spend per dealership (feature "embedding"), recorded once per provider call that used tokens
    // (cache hits cost nothing and are not recorded).
    ledger: new RepositoryUsageLedger(repos, systemClock),
    batchSize: config.batchSize,
    pageSize: config.pageSize,
  });
  const migrations = new VectorMigrationRunner({
    repos,
    clock: systemClock,
    batchSize: config.migrationBatchSize,
    engine: vectorMigrationEngine,
    store: (name: string) => {
      const store = vectorStoreConfigByName(config.ai, name);
      if (!store) throw new Error(`vector store ${name} is not configured in the embedder`);
      return buildVectorStore(store, ai.embeddings.dimensions);
    },
  });
  return new EmbedConsumer({ repos, clock: systemClock, queue: config.queue as never, sync, migrations });
}

/** Delay before retrying: the backoff (with jitter), or longer when the provider said when to come back. */
function retryDelay(err: unknown, attempts: number, config: EmbedderConfig): number {
  const backoff = retryDelaySeconds(attempts, config.backoff);
  const after = (err as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  if (typeof after === "number" && after > 0)
    return Math.min(43_200, Math.max(backoff, Math.ceil(after / 1000)));
  return backoff;
}

async function onMessage(
  consumer: EmbedConsumer,
  msg: Message<unknown>,
  config: EmbedderConfig,
  logger: Logger,
) {
  const body = msg.body as Record<string, unknown> | null;
  const log = logger.child({
    messageId: msg.id,
    attempts: msg.attempts,
    type: body?.type,
    dealershipId: body?.dealershipId,
    migrationId: body?.migrationId,
    requestId: body?.requestId,
  });
  let result: QueueOutcome = "retry";
  try {
    const outcome = await consumer.handle(msg.body);
    if (outcome.action === "dead") {
      await consumer.recordDead(msg.body, {
        messageId: msg.id,
        attempts: msg.attempts,
        reason: outcome.reason,
      });
      msg.ack();
      result = "dead_letter";
      recordDeadLetter("embed-jobs");
      log.warn("malformed message dead-lettered", { reason: outcome.reason });
      return;
    }
    msg.ack();
    result = "ack";
    log.info("message done", { note: outcome.note });
  } catch (err) {
    const delaySeconds = retryDelay(err, msg.attempts, config);
    log.warn("message failed; retrying", { ...errorFields(err), delaySeconds });
    reportError(err);
    msg.retry({ delaySeconds });
  } finally {
    // Queue metrics: outcome, delivery attempt and the message's age since it was enqueued.
    recordQueueMessage({
      queue: "embed-jobs",
      type: body?.type,
      outcome: result,
      enqueuedAt: msg.timestamp,
      attempts: msg.attempts,
    });
  }
}

async function onDeadLetter(consumer: EmbedConsumer, msg: Message<unknown>, logger: Logger) {
  const body = msg.body as { requestId?: unknown; dealershipId?: unknown } | null;
  const log = logger.child({
    messageId: msg.id,
    attempts: msg.attempts,
    requestId: body?.requestId,
    dealershipId: body?.dealershipId,
  });
  try {
    await consumer.recordDead(msg.body, {
      messageId: msg.id,
      attempts: msg.attempts,
      reason: "retries exhausted (see the embedder's logs for each attempt's error)",
    });
    msg.ack();
    recordDeadLetter("embed-jobs");
    log.warn("dead letter recorded", { type: (msg.body as { type?: unknown } | null)?.type });
  } catch (err) {
    log.error("recording a dead letter failed; retrying", errorFields(err));
    reportError(err);
    msg.retry({ delaySeconds: 60 });
  }
}
