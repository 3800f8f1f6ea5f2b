// Test-only entry of the `observability` project: API fetch + scraper and embedder consumers (by queue
// name) + the scraper's cron, and every Durable Object class, in one Worker (see ../wrangler.toml).
import api from "../../../workers/api/src/index";
import embedder from "../../../workers/embedder/src/index";
import scraper from "../../../workers/scraper/src/index";

export { JobProgress, MetricsAggregator, RateLimiter, VectorIndex } from "../../../workers/api/src/index";

export default {
  fetch: api.fetch,
  queue: (batch, env, ctx) =>
    batch.queue.startsWith("embed-jobs")
      ? (embedder.queue as NonNullable<ExportedHandler["queue"]>)(batch, env as never, ctx)
      : (scraper.queue as NonNullable<ExportedHandler["queue"]>)(batch, env as never, ctx),
  scheduled: scraper.scheduled,
} as ExportedHandler;
