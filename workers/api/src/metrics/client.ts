import {
  derivedPoints,
  type MetricsSink,
  mergePoints,
  metrics,
  parseMetricsSettings,
  type SeriesPoint,
} from "@forecourt/observability";
import type { MetricsAggregatorObject } from "./durable-object";

export type MetricsNamespace = DurableObjectNamespace<MetricsAggregatorObject>;

/** This isolate's shard, chosen once at random so isolates spread over the shards. */
const isolateSlot = Math.floor(Math.random() * 1_000_000);

export const shardName = (i: number) => `shard:${i}`;

/** The sink of this isolate: one shard of the aggregator. */
export function aggregatorSink(ns: MetricsNamespace, shards: number): MetricsSink {
  const name = shardName(isolateSlot % Math.max(1, shards));
  return {
    async push(points) {
      await ns.get(ns.idFromName(name)).push(points);
    },
  };
}

interface MetricsBindings {
  METRICS_AGGREGATOR?: MetricsNamespace;
  METRICS_AE?: AnalyticsEngineDataset;
  METRICS_FLUSH_SECONDS?: string;
  METRICS_SHARDS?: string;
  METRICS_TOKEN?: string;
}

/**
 * Call at the start of an invocation (request, queue batch): binds Analytics Engine (when configured)
 * for this invocation's data points.
 */
export function beginMetrics(env: MetricsBindings): void {
  metrics.useAnalyticsEngine(env.METRICS_AE ?? null);
}

/**
 * An isolate flushes at the end of every this-many invocations even inside METRICS_FLUSH_SECONDS, so a
 * busy isolate that is evicted (a deploy replaces every isolate) loses at most this many invocations'
 * metrics; a quiet one at most METRICS_FLUSH_SECONDS' worth (docs/operations.md, "Metrics").
 */
export const FLUSH_EVERY_INVOCATIONS = 100;

/**
 * Call at the end of an invocation (inside waitUntil): flushes this isolate's deltas to its aggregator
 * shard when METRICS_FLUSH_SECONDS have passed, on every FLUSH_EVERY_INVOCATIONS-th invocation, or when
 * `force`d. No binding: the deltas are discarded (Analytics Engine, when bound, still has every event).
 */
export async function flushMetrics(env: MetricsBindings, opts: { force?: boolean } = {}): Promise<void> {
  const ns = env.METRICS_AGGREGATOR;
  if (!ns) {
    metrics.registry.drain(); // nowhere to send them: keep the isolate's memory flat
    return;
  }
  const settings = parseMetricsSettings(env);
  await metrics.flush(aggregatorSink(ns, settings.shards), {
    intervalMs: settings.flushIntervalMs,
    maxCalls: FLUSH_EVERY_INVOCATIONS,
    ...(opts.force ? { force: true } : {}),
  });
}

/** Every shard's snapshot merged, plus the derived gauges: what GET /metrics renders. */
export async function collectMetrics(ns: MetricsNamespace, shards: number): Promise<SeriesPoint[]> {
  const snaps = await Promise.all(
    Array.from({ length: shards }, (_, i) => ns.get(ns.idFromName(shardName(i))).snapshot()),
  );
  const merged = mergePoints(...(snaps as SeriesPoint[][]));
  return [...merged, ...derivedPoints(merged)];
}
