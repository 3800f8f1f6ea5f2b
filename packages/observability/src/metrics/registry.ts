import { METRICS, type MetricDef } from "./catalog";
import { addPoint, clonePoint, labelValues, type SeriesPoint, seriesKey } from "./series";

/**
 * An isolate's pending metric deltas. Recording is synchronous and allocation-light; `drain()` hands the
 * deltas over (to the aggregator Durable Object) and starts again from zero, so a delta is sent once.
 * A series cap guards against label cardinality blow-ups (a bug putting ids in a label): new series
 * past the cap are dropped and counted in forecourt_metrics_dropped_series_total.
 */
export class MetricsRegistry {
  #series = new Map<string, SeriesPoint>();
  readonly maxSeries: number;

  constructor(opts: { maxSeries?: number } = {}) {
    this.maxSeries = opts.maxSeries ?? 5000;
  }

  get size(): number {
    return this.#series.size;
  }

  #point(def: MetricDef, labels: Record<string, unknown>): SeriesPoint | null {
    const values = labelValues(def, labels);
    const key = seriesKey(def.name, values);
    let p = this.#series.get(key);
    if (!p) {
      if (this.#series.size >= this.maxSeries && def !== METRICS.droppedSeries) {
        this.inc(METRICS.droppedSeries, { metric: def.name });
        return null;
      }
      p =
        def.type === "histogram"
          ? {
              name: def.name,
              labels: values,
              buckets: new Array((def.buckets?.length ?? 0) + 1).fill(0),
              sum: 0,
              count: 0,
            }
          : { name: def.name, labels: values, value: 0 };
      this.#series.set(key, p);
    }
    return p;
  }

  inc(def: MetricDef, labels: Record<string, unknown> = {}, by = 1): void {
    if (def.type !== "counter") throw new Error(`${def.name} is a ${def.type}, not a counter`);
    if (!Number.isFinite(by) || by < 0) return;
    const p = this.#point(def, labels);
    if (p) p.value = (p.value ?? 0) + by;
  }

  set(def: MetricDef, labels: Record<string, unknown>, value: number): void {
    if (def.type !== "gauge") throw new Error(`${def.name} is a ${def.type}, not a gauge`);
    if (!Number.isFinite(value)) return;
    const p = this.#point(def, labels);
    if (p) p.value = p.value === 0 ? value : Math.max(p.value ?? value, value);
  }

  observe(def: MetricDef, labels: Record<string, unknown>, value: number): void {
    if (def.type !== "histogram") throw new Error(`${def.name} is a ${def.type}, not a histogram`);
    if (!Number.isFinite(value)) return;
    const p = this.#point(def, labels);
    if (!p) return;
    const bounds = def.buckets ?? [];
    let i = bounds.findIndex((le) => value <= le);
    if (i < 0) i = bounds.length;
    p.buckets![i]! += 1;
    p.sum! += value;
    p.count! += 1;
  }

  /** The pending deltas, and a fresh start. */
  drain(): SeriesPoint[] {
    const out = [...this.#series.values()];
    this.#series = new Map();
    return out;
  }

  /** Puts deltas back (a flush that failed), added to whatever was recorded since. */
  restore(points: SeriesPoint[]): void {
    for (const p of points) {
      const key = seriesKey(p.name, p.labels);
      const have = this.#series.get(key);
      if (have) addPoint(have, p);
      else if (this.#series.size < this.maxSeries) this.#series.set(key, clonePoint(p));
    }
  }
}
