import { METRIC_BY_NAME, type MetricDef } from "./catalog";

/**
 * One time series as it travels between an isolate, the aggregator Durable Object and the renderer:
 * plain JSON (structured-clone safe for RPC and storage). Counters and gauges carry `value`; histograms
 * carry per-bucket counts (NOT cumulative; one extra slot for +Inf), `sum` and `count`.
 */
export interface SeriesPoint {
  name: string;
  /** Label values in the order of the metric's `labels`. */
  labels: string[];
  value?: number;
  buckets?: number[];
  sum?: number;
  count?: number;
}

const MAX_LABEL_CHARS = 120;

export function labelValue(v: unknown): string {
  const s = v === null || v === undefined || v === "" ? "none" : String(v);
  return s.length > MAX_LABEL_CHARS ? s.slice(0, MAX_LABEL_CHARS) : s;
}

export const seriesKey = (name: string, labels: readonly string[]) => `${name}\u0000${labels.join("\u0001")}`;

export function defOf(name: string): MetricDef {
  const def = METRIC_BY_NAME.get(name);
  if (!def)
    throw new Error(`unknown metric ${name}; add it to packages/observability/src/metrics/catalog.ts`);
  return def;
}

/** Label values in the def's order from a record; a missing label is "none", an unknown one is an error. */
export function labelValues(def: MetricDef, labels: Record<string, unknown>): string[] {
  for (const k of Object.keys(labels)) {
    if (!def.labels.includes(k)) throw new Error(`metric ${def.name} has no label ${k}`);
  }
  return def.labels.map((l) => labelValue(labels[l]));
}

const finite = (n: unknown): n is number => typeof n === "number" && Number.isFinite(n);

/** A validated copy of an incoming point (from another isolate), or null when it is malformed. */
export function validPoint(p: unknown): SeriesPoint | null {
  if (!p || typeof p !== "object") return null;
  const { name, labels, value, buckets, sum, count } = p as SeriesPoint;
  const def = typeof name === "string" ? METRIC_BY_NAME.get(name) : undefined;
  if (!def || !Array.isArray(labels) || labels.length !== def.labels.length) return null;
  if (!labels.every((l) => typeof l === "string" && l.length <= MAX_LABEL_CHARS)) return null;
  if (def.type === "histogram") {
    const n = (def.buckets?.length ?? 0) + 1;
    if (!Array.isArray(buckets) || buckets.length !== n || !buckets.every((b) => finite(b) && b >= 0))
      return null;
    if (!finite(sum) || !finite(count) || count < 0) return null;
    return { name, labels: [...labels], buckets: [...buckets], sum, count };
  }
  if (!finite(value)) return null;
  if (def.type === "counter" && value < 0) return null;
  return { name, labels: [...labels], value };
}

/**
 * Adds `delta` into `into`: counters and histograms add; gauges keep the highest value (the only gauges
 * recorded by isolates are high-water marks such as last-success timestamps, which must not go back
 * when an older isolate flushes late or shards merge in any order).
 */
export function addPoint(into: SeriesPoint, delta: SeriesPoint): void {
  const def = defOf(into.name);
  if (def.type === "histogram") {
    const b = into.buckets!;
    delta.buckets!.forEach((c, i) => {
      b[i] = (b[i] ?? 0) + c;
    });
    into.sum = (into.sum ?? 0) + (delta.sum ?? 0);
    into.count = (into.count ?? 0) + (delta.count ?? 0);
  } else if (def.type === "counter") {
    into.value = (into.value ?? 0) + (delta.value ?? 0);
  } else {
    into.value = Math.max(into.value ?? Number.NEGATIVE_INFINITY, delta.value ?? Number.NEGATIVE_INFINITY);
  }
}

export const clonePoint = (p: SeriesPoint): SeriesPoint =>
  p.buckets ? { ...p, labels: [...p.labels], buckets: [...p.buckets] } : { ...p, labels: [...p.labels] };

/** Merges several sets of points (e.g. every aggregator shard's snapshot) into one, by series. */
export function mergePoints(...sets: SeriesPoint[][]): SeriesPoint[] {
  const out = new Map<string, SeriesPoint>();
  for (const set of sets) {
    for (const p of set) {
      const key = seriesKey(p.name, p.labels);
      const have = out.get(key);
      if (have) addPoint(have, p);
      else out.set(key, clonePoint(p));
    }
  }
  return [...out.values()];
}
