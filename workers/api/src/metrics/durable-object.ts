import { DurableObject } from "cloudflare:workers";
import {
  type AlertStateEntry,
  addPoint,
  clonePoint,
  createLogger,
  METRICS,
  parseLogLevel,
  type SeriesPoint,
  seriesKey,
  validPoint,
} from "@forecourt/observability";

const SERIES_PREFIX = "s:";
/** A shard refuses new series past this (a cardinality guard; existing series keep counting). */
const MAX_SERIES_PER_SHARD = 50_000;

/**
 * MetricsAggregator: the cumulative metrics of every isolate, for the Prometheus endpoint.
 *
 * Sharded: an isolate picks one shard (`idFromName("shard:<n>")`, n random per isolate, METRICS_SHARDS
 * of them) and sends it its deltas every METRICS_FLUSH_SECONDS (`push`), so no single object takes
 * every isolate's writes. `GET /metrics` reads every shard's `snapshot()` and merges them (counters and
 * histograms add across shards). State is in memory and written through to the object's SQLite-backed
 * storage, so an evicted or restarted shard resumes its totals (counters never go back).
 *
 * One more instance, `idFromName("alerts")`, keeps the alert engine's bookkeeping (`getState`/`putState`):
 * a single object, so two overlapping cron ticks cannot both notify.
 */
export class MetricsAggregatorObject extends DurableObject<{ LOG_LEVEL?: string }> {
  #series: Map<string, SeriesPoint> | null = null;

  #load(): Map<string, SeriesPoint> {
    if (this.#series) return this.#series;
    const m = new Map<string, SeriesPoint>();
    for (const [k, v] of this.ctx.storage.kv.list<SeriesPoint>({ prefix: SERIES_PREFIX })) {
      m.set(k.slice(SERIES_PREFIX.length), v);
    }
    this.#series = m;
    return m;
  }

  /** Merges one isolate's deltas. Malformed points are dropped (and counted in the log line), never merged. */
  push(points: unknown[]): { merged: number; rejected: number } {
    const series = this.#load();
    let merged = 0;
    let rejected = 0;
    for (const raw of Array.isArray(points) ? points : []) {
      const p = validPoint(raw);
      if (!p) {
        rejected++;
        continue;
      }
      const key = seriesKey(p.name, p.labels);
      let have = series.get(key);
      if (have) addPoint(have, p);
      else if (series.size < MAX_SERIES_PER_SHARD) {
        have = clonePoint(p);
        series.set(key, have);
      } else {
        rejected++;
        continue;
      }
      this.ctx.storage.kv.put(SERIES_PREFIX + key, have);
      merged++;
    }
    const flushes = { name: METRICS.flushes.name, labels: [this.ctx.id.name ?? "unnamed"], value: 1 };
    const fk = seriesKey(flushes.name, flushes.labels);
    const f = series.get(fk);
    if (f) addPoint(f, flushes);
    else series.set(fk, flushes);
    this.ctx.storage.kv.put(SERIES_PREFIX + fk, series.get(fk));
    if (rejected > 0) {
      createLogger(parseLogLevel(this.env.LOG_LEVEL), {
        durableObject: "MetricsAggregator",
        shard: this.ctx.id.name,
      }).warn("metric points rejected", { rejected, merged });
    }
    return { merged, rejected };
  }

  /** Every series of this shard (cumulative since the shard started). */
  snapshot(): SeriesPoint[] {
    return [...this.#load().values()].map(clonePoint);
  }

  getState(key: string): unknown {
    return this.ctx.storage.kv.get(`state:${key}`) ?? null;
  }

  putState(key: string, value: unknown): void {
    this.ctx.storage.kv.put(`state:${key}`, value);
  }

  /** Alert bookkeeping convenience (typed). */
  alertState(): Record<string, AlertStateEntry> {
    return (this.getState("alerts") as Record<string, AlertStateEntry> | null) ?? {};
  }
}
