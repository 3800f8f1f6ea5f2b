import type { Config, Env } from "@forecourt/config";
import type { Repositories } from "@forecourt/db";
import type { Principal } from "@forecourt/domain";
import type { Services } from "@forecourt/services";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Logger } from "./lib/logger";
import type { MetricsAggregatorObject } from "./metrics/durable-object";
import type { JobProgressObject } from "./progress/durable-object";
import type { RateLimiterObject } from "./ratelimit/durable-object";

/** Worker bindings: the validated config's raw input, with the Durable Objects typed for RPC. */
export type Bindings = Env & {
  RATE_LIMITER: DurableObjectNamespace<RateLimiterObject>;
  /** JobProgress (per scrape job): live progress over WebSockets; optional so a bare API still starts. */
  JOB_PROGRESS?: DurableObjectNamespace<JobProgressObject>;
  /** Observability (packages/observability, docs/operations.md): the metrics aggregator (sharded DO), */
  METRICS_AGGREGATOR?: DurableObjectNamespace<MetricsAggregatorObject>;
  /** Workers Analytics Engine dataset (optional; production), */
  METRICS_AE?: AnalyticsEngineDataset;
  /** and its settings: bearer token for /metrics and /v1/health/ready, flush interval, shard count. */
  METRICS_TOKEN?: string;
  METRICS_FLUSH_SECONDS?: string;
  METRICS_SHARDS?: string;
};

export interface Variables {
  requestId: string;
  logger: Logger;
  config: Config;
  repos: Repositories;
  services: Services;
  /** Set by the auth middleware; absent on unauthenticated routes. */
  principal?: Principal;
  /** The dealership the request is about (path or API key), for logs. */
  dealershipId?: string;
}

export type HonoEnv = { Bindings: Bindings; Variables: Variables };
export type App = OpenAPIHono<HonoEnv>;
