/**
 * Every metric Forecourt records: name, type, help, label names and (histograms) bucket bounds. The
 * registry refuses names that are not here, so the Prometheus output, the Analytics Engine layout and
 * docs/operations.md stay in step. Label sets are bounded: routes are templates, dealership ids are the
 * only tenant label (≈2,000 values) and appear on counters only, never on histograms.
 */
export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricDef {
  name: string;
  type: MetricType;
  help: string;
  labels: readonly string[];
  buckets?: readonly number[];
}

const LATENCY_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const PROVIDER_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] as const;
const AGE_SECONDS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 10800, 43200] as const;

export const METRICS = {
  httpRequests: {
    name: "forecourt_http_requests_total",
    type: "counter",
    help: "HTTP requests handled by the API, by route template, method and status code.",
    labels: ["route", "method", "status"],
  },
  httpDuration: {
    name: "forecourt_http_request_duration_seconds",
    type: "histogram",
    help: "API request latency in seconds (first middleware in to response out), by route template, method and status code.",
    labels: ["route", "method", "status"],
    buckets: LATENCY_SECONDS,
  },
  rateLimitRejections: {
    name: "forecourt_rate_limit_rejections_total",
    type: "counter",
    help: "Requests refused with 429 by the rate limiter, by route template and principal kind.",
    labels: ["route", "principal"],
  },
  queueSent: {
    name: "forecourt_queue_messages_sent_total",
    type: "counter",
    help: "Messages sent to a queue by the Workers, by queue.",
    labels: ["queue"],
  },
  queueBacklog: {
    name: "forecourt_queue_backlog_estimate",
    type: "gauge",
    help: "Messages sent to a queue and not yet acknowledged or dead-lettered (sent - acked - dead-lettered, from these counters; Cloudflare's queue analytics has the authoritative backlog).",
    labels: ["queue"],
  },
  queueConsumed: {
    name: "forecourt_queue_messages_total",
    type: "counter",
    help: "Queue messages handled by a consumer, by queue, message type and outcome (ack, retry, dead_letter).",
    labels: ["queue", "type", "outcome"],
  },
  queueAge: {
    name: "forecourt_queue_message_age_seconds",
    type: "histogram",
    help: "Age of a queue message when a consumer starts on it (now minus its enqueue time), by queue.",
    labels: ["queue"],
    buckets: AGE_SECONDS,
  },
  queueAttempts: {
    name: "forecourt_queue_message_attempts",
    type: "histogram",
    help: "Delivery attempt number of each consumed message (1 = first delivery), by queue.",
    labels: ["queue"],
    buckets: [1, 2, 3, 4, 5, 10],
  },
  deadLetters: {
    name: "forecourt_dead_letters_total",
    type: "counter",
    help: "Messages recorded by a dead-letter consumer (retries exhausted), by source queue.",
    labels: ["queue"],
  },
  scrapeJobs: {
    name: "forecourt_scrape_jobs_total",
    type: "counter",
    help: "Scrape jobs that reached a final state, by outcome (succeeded, needs_review, failed, dead, cancelled) and trigger.",
    labels: ["outcome", "trigger"],
  },
  scrapePages: {
    name: "forecourt_scrape_pages_per_job",
    type: "histogram",
    help: "Pages fetched by each finished scrape job.",
    labels: [],
    buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 6000],
  },
  scrapeVehicles: {
    name: "forecourt_scrape_vehicles_per_job",
    type: "histogram",
    help: "Vehicles found by each finished scrape job.",
    labels: [],
    buckets: [0, 1, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
  },
  scrapePagesByDealership: {
    name: "forecourt_scrape_pages_total",
    type: "counter",
    help: "Pages fetched by finished scrape jobs, by dealership.",
    labels: ["dealership"],
  },
  scrapeVehiclesByDealership: {
    name: "forecourt_scrape_vehicles_total",
    type: "counter",
    help: "Vehicles seen by finished scrape jobs, by dealership and change (new, updated, unchanged, removed).",
    labels: ["dealership", "change"],
  },
  scrapeLastSuccess: {
    name: "forecourt_scrape_last_success_timestamp_seconds",
    type: "gauge",
    help: "Unix time when the dealership's last successful (succeeded or needs_review) scrape finished.",
    labels: ["dealership"],
  },
  vectorCalls: {
    name: "forecourt_vector_calls_total",
    type: "counter",
    help: "Vector store calls, by dealership (namespace), store, operation and outcome (ok, error).",
    labels: ["dealership", "store", "op", "outcome"],
  },
  vectorSeconds: {
    name: "forecourt_vector_call_seconds_total",
    type: "counter",
    help: "Total seconds spent in vector store calls, by dealership (divide by calls for the mean).",
    labels: ["dealership"],
  },
  vectorDuration: {
    name: "forecourt_vector_call_duration_seconds",
    type: "histogram",
    help: "Vector store call latency in seconds, by store and operation.",
    labels: ["store", "op"],
    buckets: LATENCY_SECONDS,
  },
  llmCalls: {
    name: "forecourt_llm_calls_total",
    type: "counter",
    help: "Charged LLM calls (chat, search, embedding), by dealership, feature and provider.",
    labels: ["dealership", "feature", "provider"],
  },
  llmTokens: {
    name: "forecourt_llm_tokens_total",
    type: "counter",
    help: "LLM tokens, by dealership, feature, provider and direction (input, output).",
    labels: ["dealership", "feature", "provider", "direction"],
  },
  llmCost: {
    name: "forecourt_llm_cost_usd_total",
    type: "counter",
    help: "LLM cost in US dollars as charged to the dealership's budget, by dealership, feature and provider.",
    labels: ["dealership", "feature", "provider"],
  },
  llmDuration: {
    name: "forecourt_llm_call_duration_seconds",
    type: "histogram",
    help: "LLM provider call latency in seconds, by kind (chat, embedding), provider and outcome (ok, error).",
    labels: ["kind", "provider", "outcome"],
    buckets: PROVIDER_SECONDS,
  },
  droppedSeries: {
    name: "forecourt_metrics_dropped_series_total",
    type: "counter",
    help: "Series an isolate refused because its series cap was reached (a cardinality guard).",
    labels: ["metric"],
  },
  flushes: {
    name: "forecourt_metrics_flushes_total",
    type: "counter",
    help: "Metric deltas merged into the aggregator, by shard.",
    labels: ["shard"],
  },
} as const satisfies Record<string, MetricDef>;

export type MetricKey = keyof typeof METRICS;

export const METRIC_BY_NAME: ReadonlyMap<string, MetricDef> = new Map(
  Object.values(METRICS).map((d) => [d.name, d as MetricDef]),
);
