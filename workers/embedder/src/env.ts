import type { AiEnv } from "@forecourt/config";

/** The embedder Worker's bindings and vars (workers/embedder/wrangler.toml). Validated by loadEmbedderConfig. */
export interface EmbedderEnv extends AiEnv {
  ENVIRONMENT?: string;
  DB_DRIVER?: string;
  NEON_DATABASE_URL?: string;
  LOG_LEVEL?: string;
  DB?: D1Database;
  HYPERDRIVE?: Hyperdrive;
  /** Producer of embed-jobs (rebuild pages and migration steps are chained as new messages). */
  EMBED_JOBS?: Queue;
  EMBEDDER_RETRY_BASE_SECONDS?: string;
  EMBEDDER_RETRY_MAX_SECONDS?: string;
  /** Texts per embedding call (capped by the model's own batch limit). */
  EMBEDDER_BATCH_SIZE?: string;
  /** Vehicles per rebuild message. */
  EMBEDDER_PAGE_SIZE?: string;
  /** Vectors copied per migration step message. */
  VECTOR_MIGRATION_BATCH_SIZE?: string;
  /** Observability (docs/operations.md): the API Worker's MetricsAggregator (script_name = "forecourt-api"). */
  METRICS_AGGREGATOR?: DurableObjectNamespace<
    import("../../api/src/metrics/durable-object").MetricsAggregatorObject
  >;
  METRICS_AE?: AnalyticsEngineDataset;
  METRICS_FLUSH_SECONDS?: string;
  METRICS_SHARDS?: string;
}
