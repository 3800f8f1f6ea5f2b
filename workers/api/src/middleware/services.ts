import { type AiConfig, loadAiConfig, loadConfig } from "@forecourt/config";
import { createRepositories } from "@forecourt/db";
import { instrumentQueue } from "@forecourt/observability";
import { type AiProviders, createAiProviders, vectorStoreConfigByName } from "@forecourt/providers";
import { createServices, type EmbedQueue, type InventoryEvents, scrapeSettings } from "@forecourt/services";
import type { MiddlewareHandler } from "hono";
import type { HonoEnv } from "../env";
import { DurableObjectProgress } from "../progress/client";

/** Embedding jobs for changed vehicles (consumed by workers/embedder). */
export function embedQueueEvents(queue: Queue, requestId: string): InventoryEvents {
  return {
    async vehiclesChanged(dealershipId, vehicleIds) {
      for (let i = 0; i < vehicleIds.length; i += 500) {
        await queue.send({
          type: "vehicle.changed",
          dealershipId,
          vehicleIds: vehicleIds.slice(i, i + 500),
          requestId,
        });
      }
    },
  };
}

// The AI providers live as long as the isolate (embedding cache, circuit breakers): one per validated config.
const aiProviders = new WeakMap<AiConfig, AiProviders>();
function aiProvidersFor(config: AiConfig): AiProviders {
  let ai = aiProviders.get(config);
  if (!ai) {
    ai = createAiProviders(config);
    aiProviders.set(config, ai);
  }
  return ai;
}

/**
 * Per request: repositories for the configured driver and the services on top, closed after the
 * response (waitUntil) so connections (Hyperdrive/Neon) are released without delaying the reply.
 */
export function servicesMiddleware(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const config = loadConfig(c.env);
    c.set("config", config);
    // Vector store and LLM settings (packages/config): a bad one fails loudly, naming the setting.
    const aiConfig = loadAiConfig(c.env);
    const ai = aiProvidersFor(aiConfig);
    const repos = createRepositories(config.db);
    c.set("repos", repos);
    // Producers counted per queue (forecourt_queue_messages_sent_total; the backlog estimate uses it).
    const queue = config.queues.embedJobs ? instrumentQueue(config.queues.embedJobs, "embed-jobs") : null;
    const scrapeQueue = config.queues.scrapeJobs
      ? instrumentQueue(config.queues.scrapeJobs, "scrape-jobs")
      : null;
    const progress = c.env.JOB_PROGRESS ? new DurableObjectProgress(c.env.JOB_PROGRESS) : undefined;
    c.set(
      "services",
      createServices({
        repos,
        events: queue ? embedQueueEvents(queue, c.get("requestId")) : null,
        scrapeQueue,
        progress,
        scrapeSettings: scrapeSettings(config.scraping),
        embedQueue: queue as EmbedQueue | null,
        isConfiguredVectorStore: (name) => vectorStoreConfigByName(aiConfig, name) !== null,
        ai,
        aiBudgets: ai.budgets,
      }),
    );
    try {
      await next();
    } finally {
      const closing = repos.close().catch((err: unknown) => {
        c.get("logger").warn("closing repositories failed", { errorMessage: String(err) });
      });
      try {
        c.executionCtx.waitUntil(closing);
      } catch {
        await closing;
      }
    }
  };
}
