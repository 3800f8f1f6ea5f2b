import { loadConfig } from "@forecourt/config";
import { createRepositories } from "@forecourt/db";
import { createServices, type InventoryEvents } from "@forecourt/services";
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

/**
 * Per request: repositories for the configured driver and the services on top, closed after the
 * response (waitUntil) so connections (Hyperdrive/Neon) are released without delaying the reply.
 */
export function servicesMiddleware(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const config = loadConfig(c.env);
    c.set("config", config);
    const repos = createRepositories(config.db);
    c.set("repos", repos);
    const queue = config.queues.embedJobs;
    const progress = c.env.JOB_PROGRESS ? new DurableObjectProgress(c.env.JOB_PROGRESS) : undefined;
    c.set(
      "services",
      createServices({
        repos,
        events: queue ? embedQueueEvents(queue, c.get("requestId")) : null,
        scrapeQueue: config.queues.scrapeJobs,
        progress,
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
