import type { JobProgressObject } from "../../api/src/progress/durable-object";

/** The scraper Worker's bindings and vars (workers/scraper/wrangler.toml). Validated by loadScraperConfig. */
export interface ScraperEnv {
  ENVIRONMENT?: string;
  DB_DRIVER?: string;
  NEON_DATABASE_URL?: string;
  LOG_LEVEL?: string;
  DB?: D1Database;
  HYPERDRIVE?: Hyperdrive;
  /** Producer of scrape-jobs (fan-out of discover / fetch-batch / reconcile messages). */
  SCRAPE_JOBS?: Queue;
  /** Producer of embed-jobs (changed vehicles), optional. */
  EMBED_JOBS?: Queue;
  /** The API Worker's JobProgress class (script_name = "forecourt-api"). */
  JOB_PROGRESS?: DurableObjectNamespace<JobProgressObject>;
  SCRAPER_DEV_ALLOW_HOSTS?: string;
  SCRAPER_DNS?: string;
  SCRAPER_USER_AGENT?: string;
  SCRAPER_FETCH_TIMEOUT_MS?: string;
  SCRAPER_MAX_PAGE_BYTES?: string;
  SCRAPER_POLITENESS_DELAY_MS?: string;
  SCRAPER_MAX_CONCURRENCY?: string;
  SCRAPER_BATCH_SIZE?: string;
  SCRAPER_LISTING_PAGES_PER_MESSAGE?: string;
  SCRAPER_LEASE_SECONDS?: string;
  SCRAPER_RETRY_BASE_SECONDS?: string;
  SCRAPER_RETRY_MAX_SECONDS?: string;
  /** Per-job budgets (pages, bytes, seconds): of the jobs the cron creates, and a cap on every job run here. */
  SCRAPER_JOB_MAX_PAGES?: string;
  SCRAPER_JOB_MAX_BYTES?: string;
  SCRAPER_JOB_MAX_SECONDS?: string;
  /** Stalled-job reaper timeout (default 4 h; the API reads it too) and the tick's start spread (default 240 s). */
  SCRAPER_STALE_JOB_SECONDS?: string;
  SCRAPER_SCHEDULE_SPREAD_SECONDS?: string;
  /** Vehicles the cron's background quality rescore handles per tick (default 500). */
  QUALITY_RESCORE_BATCH?: string;
  /** Observability (docs/operations.md): the API Worker's MetricsAggregator (script_name = "forecourt-api"), */
  METRICS_AGGREGATOR?: DurableObjectNamespace<
    import("../../api/src/metrics/durable-object").MetricsAggregatorObject
  >;
  /** Analytics Engine (optional), flush interval, shard count, and the alert channels/thresholds (ALERT_*). */
  METRICS_AE?: AnalyticsEngineDataset;
  METRICS_FLUSH_SECONDS?: string;
  METRICS_SHARDS?: string;
}
