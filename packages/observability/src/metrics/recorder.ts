import {
  AE_MAX_POINTS_PER_INVOCATION,
  type AnalyticsEngineLike,
  analyticsEnginePoint,
} from "./analytics-engine";
import { METRICS, type MetricDef } from "./catalog";
import { MetricsRegistry } from "./registry";
import { labelValues, type SeriesPoint } from "./series";

/** Where an isolate's deltas go (the MetricsAggregator Durable Object client in the Workers). */
export interface MetricsSink {
  push(points: SeriesPoint[]): Promise<void>;
}

/**
 * The isolate's metrics: a registry of pending deltas, optionally mirrored event by event to Workers
 * Analytics Engine, flushed to the aggregator at most every `flushIntervalMs` (0: on every flush call,
 * i.e. every request / queue batch) — or sooner, on the `maxCalls`-th flush call since the last flush, so a
 * busy isolate never holds more than that many invocations' deltas. A failed flush puts its deltas back,
 * so nothing is counted twice or lost while the isolate lives.
 */
export class MetricsRecorder {
  readonly registry: MetricsRegistry;
  #ae: AnalyticsEngineLike | null = null;
  #aeWrites = 0;
  #lastFlush = 0;
  /** Flush calls (invocation ends) since the last flush. */
  #calls = 0;
  #inFlight: Promise<void> | null = null;

  constructor(opts: { maxSeries?: number } = {}) {
    this.registry = new MetricsRegistry(opts);
  }

  /** Binds (or unbinds) Analytics Engine for this invocation and resets its per-invocation budget. */
  useAnalyticsEngine(ae: AnalyticsEngineLike | null | undefined): void {
    this.#ae = ae && typeof ae.writeDataPoint === "function" ? ae : null;
    this.#aeWrites = 0;
  }

  #mirror(def: MetricDef, labels: Record<string, unknown>, value: number) {
    if (!this.#ae || this.#aeWrites >= AE_MAX_POINTS_PER_INVOCATION) return;
    this.#aeWrites++;
    try {
      this.#ae.writeDataPoint(analyticsEnginePoint(def.name, labelValues(def, labels), value));
    } catch {
      // Analytics Engine is best effort: never fail the request over it.
    }
  }

  inc(def: MetricDef, labels: Record<string, unknown> = {}, by = 1): void {
    this.registry.inc(def, labels, by);
    this.#mirror(def, labels, by);
  }

  observe(def: MetricDef, labels: Record<string, unknown>, value: number): void {
    this.registry.observe(def, labels, value);
    this.#mirror(def, labels, value);
  }

  set(def: MetricDef, labels: Record<string, unknown>, value: number): void {
    this.registry.set(def, labels, value);
    this.#mirror(def, labels, value);
  }

  /**
   * Sends pending deltas to `sink` when `intervalMs` has passed since the last flush, when this is the
   * `maxCalls`-th call since the last flush, or when `force`d. Call once per invocation end.
   * Concurrent calls share one in-flight flush. Never throws: a failure restores the deltas.
   */
  async flush(
    sink: MetricsSink,
    opts: { intervalMs?: number; maxCalls?: number; force?: boolean; now?: number } = {},
  ): Promise<void> {
    const now = opts.now ?? Date.now();
    this.#calls++;
    const byCount = opts.maxCalls !== undefined && opts.maxCalls > 0 && this.#calls >= opts.maxCalls;
    if (!opts.force && !byCount && now - this.#lastFlush < (opts.intervalMs ?? 0)) return;
    if (this.#inFlight) return this.#inFlight;
    const points = this.registry.drain();
    this.#calls = 0;
    if (points.length === 0) return;
    this.#lastFlush = now;
    this.#inFlight = sink
      .push(points)
      .catch(() => {
        this.registry.restore(points);
        this.#lastFlush = 0;
      })
      .finally(() => {
        this.#inFlight = null;
      });
    return this.#inFlight;
  }
}

/** This isolate's recorder (module state lives as long as the isolate). */
export const metrics = new MetricsRecorder();

// ---------------------------------------------------------------------------------------------------
// Domain helpers: the one place each metric is recorded from, so labels stay consistent.

/** Queue names without the environment suffix (scrape-jobs-staging-dlq → scrape-jobs-dlq). */
export function logicalQueueName(queue: string): string {
  return queue.replace(/-(staging|production)(?=-dlq$|$)/, "");
}

const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function recordRequest(
  r: { route: string; method: string; status: number; durationMs: number; principal?: string },
  rec: MetricsRecorder = metrics,
): void {
  const method = HTTP_METHODS.has(r.method.toUpperCase()) ? r.method.toUpperCase() : "OTHER";
  const labels = { route: r.route, method, status: String(r.status) };
  rec.inc(METRICS.httpRequests, labels);
  rec.observe(METRICS.httpDuration, labels, Math.max(0, r.durationMs) / 1000);
  if (r.status === 429)
    rec.inc(METRICS.rateLimitRejections, { route: r.route, principal: r.principal ?? "anonymous" });
}

export type QueueOutcome = "ack" | "retry" | "dead_letter";

export function recordQueueMessage(
  m: {
    queue: string;
    type: unknown;
    outcome: QueueOutcome;
    enqueuedAt?: Date | number;
    attempts: number;
    now?: number;
  },
  rec: MetricsRecorder = metrics,
): void {
  const queue = logicalQueueName(m.queue);
  rec.inc(METRICS.queueConsumed, {
    queue,
    type: typeof m.type === "string" ? m.type : "unknown",
    outcome: m.outcome,
  });
  rec.observe(METRICS.queueAttempts, { queue }, m.attempts);
  if (m.enqueuedAt !== undefined) {
    const at = typeof m.enqueuedAt === "number" ? m.enqueuedAt : m.enqueuedAt.getTime();
    if (Number.isFinite(at))
      rec.observe(METRICS.queueAge, { queue }, Math.max(0, ((m.now ?? Date.now()) - at) / 1000));
  }
}

export function recordDeadLetter(sourceQueue: string, rec: MetricsRecorder = metrics): void {
  rec.inc(METRICS.deadLetters, { queue: logicalQueueName(sourceQueue) });
}

/** Wraps a Queue producer so every message sent is counted (send and sendBatch). */
export function instrumentQueue<Q extends { send: (...a: never[]) => Promise<unknown> }>(
  queue: Q,
  name: string,
  rec: MetricsRecorder = metrics,
): Q {
  const q = logicalQueueName(name);
  return new Proxy(queue, {
    get(target, prop) {
      const v = Reflect.get(target, prop);
      if (prop === "send" && typeof v === "function") {
        return async (...args: unknown[]) => {
          const out = await v.apply(target, args);
          rec.inc(METRICS.queueSent, { queue: q });
          return out;
        };
      }
      if (prop === "sendBatch" && typeof v === "function") {
        return async (messages: unknown[], ...rest: unknown[]) => {
          const out = await v.call(target, messages, ...rest);
          rec.inc(METRICS.queueSent, { queue: q }, Array.isArray(messages) ? messages.length : 0);
          return out;
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

export interface FinishedJob {
  id: string;
  dealershipId: string;
  status: string;
  trigger: string;
  finishedAt?: string | null;
  counts: {
    pagesFetched?: number;
    vehiclesFound?: number;
    vehiclesNew?: number;
    vehiclesUpdated?: number;
    vehiclesUnchanged?: number;
    vehiclesRemoved?: number;
  };
}

export const FINAL_JOB_STATUSES = new Set([
  "succeeded",
  "needs_review",
  "failed",
  "dead",
  "cancelled",
  "discarded",
]);

export function recordScrapeJob(job: FinishedJob, rec: MetricsRecorder = metrics): void {
  const c = job.counts ?? {};
  rec.inc(METRICS.scrapeJobs, { outcome: job.status, trigger: job.trigger });
  rec.observe(METRICS.scrapePages, {}, c.pagesFetched ?? 0);
  rec.observe(METRICS.scrapeVehicles, {}, c.vehiclesFound ?? 0);
  if (job.status === "succeeded" || job.status === "needs_review")
    rec.set(
      METRICS.scrapeLastSuccess,
      { dealership: job.dealershipId },
      Math.floor((job.finishedAt ? Date.parse(job.finishedAt) : Date.now()) / 1000),
    );
  rec.inc(METRICS.scrapePagesByDealership, { dealership: job.dealershipId }, c.pagesFetched ?? 0);
  for (const [change, n] of [
    ["new", c.vehiclesNew],
    ["updated", c.vehiclesUpdated],
    ["unchanged", c.vehiclesUnchanged],
    ["removed", c.vehiclesRemoved],
  ] as const) {
    if (n) rec.inc(METRICS.scrapeVehiclesByDealership, { dealership: job.dealershipId, change }, n);
  }
}

export function recordLlmUsage(
  e: {
    dealershipId: string;
    feature: string;
    provider: string;
    inputTokens: number;
    outputTokens: number;
    costMicroUsd: number;
  },
  rec: MetricsRecorder = metrics,
): void {
  const base = { dealership: e.dealershipId, feature: e.feature, provider: e.provider };
  rec.inc(METRICS.llmCalls, base);
  rec.inc(METRICS.llmTokens, { ...base, direction: "input" }, Math.max(0, e.inputTokens || 0));
  rec.inc(METRICS.llmTokens, { ...base, direction: "output" }, Math.max(0, e.outputTokens || 0));
  rec.inc(METRICS.llmCost, base, Math.max(0, e.costMicroUsd || 0) / 1_000_000);
}

export function recordLlmLatency(
  kind: "chat" | "embedding",
  provider: string,
  outcome: "ok" | "error",
  seconds: number,
  rec: MetricsRecorder = metrics,
): void {
  rec.observe(METRICS.llmDuration, { kind, provider, outcome }, seconds);
}

export function recordVectorCall(
  v: { dealership: string; store: string; op: string; outcome: "ok" | "error"; seconds: number },
  rec: MetricsRecorder = metrics,
): void {
  rec.inc(METRICS.vectorCalls, { dealership: v.dealership, store: v.store, op: v.op, outcome: v.outcome });
  rec.inc(METRICS.vectorSeconds, { dealership: v.dealership }, v.seconds);
  rec.observe(METRICS.vectorDuration, { store: v.store, op: v.op }, v.seconds);
}
