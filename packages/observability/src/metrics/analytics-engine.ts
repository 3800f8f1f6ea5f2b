import { defOf } from "./series";

/**
 * Workers Analytics Engine layout (binding METRICS_AE, optional): one data point per recorded event,
 * so every event is kept durably in production even if an isolate dies before flushing to the aggregator.
 *
 *   index1   the dealership id when the metric has a `dealership` label, else the metric name
 *            (Analytics Engine samples per index; per-tenant sampling keeps tenants comparable)
 *   blob1    metric name (e.g. forecourt_http_requests_total)
 *   blob2…   the metric's label values in catalog order (docs/operations.md lists them), up to blob20
 *   double1  the value: the increment of a counter, the observation of a histogram, a gauge's value
 *   double2  1 for a counter/gauge sample, 1 for a histogram observation (so SUM(_sample_interval*double2)
 *            counts events after sampling)
 *
 * Query example (SQL API): SELECT blob2 AS route, SUM(_sample_interval * double1) FROM forecourt_metrics
 * WHERE blob1 = 'forecourt_http_requests_total' AND timestamp > NOW() - INTERVAL '1' HOUR GROUP BY route
 */
export interface AnalyticsEngineLike {
  writeDataPoint(point: { indexes?: string[]; blobs?: string[]; doubles?: number[] }): void;
}

/** Analytics Engine accepts at most 250 data points per Worker invocation; stay under it. */
export const AE_MAX_POINTS_PER_INVOCATION = 200;

export function analyticsEnginePoint(name: string, labels: string[], value: number) {
  const def = defOf(name);
  const d = def.labels.indexOf("dealership");
  const index = d >= 0 ? (labels[d] ?? "none") : name;
  return {
    indexes: [index.slice(0, 96)],
    blobs: [name, ...labels].slice(0, 20),
    doubles: [value, 1],
  };
}
