import { METRICS, type MetricDef } from "./catalog";
import type { SeriesPoint } from "./series";

/**
 * Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format):
 * one `# HELP` and one `# TYPE` line per family, then its samples; histograms as cumulative
 * `_bucket{le="…"}` series ending with le="+Inf", then `_sum` and `_count`. Label values escape `\`, `"`
 * and newline; HELP text escapes `\` and newline.
 */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export const escapeLabelValue = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(n);
}

function labelSet(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? "")}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return parts.length ? `{${parts.join(",")}}` : "";
}

/** Renders points (already merged across shards) for the given families, in catalog order. */
export function renderPrometheus(
  points: SeriesPoint[],
  defs: readonly MetricDef[] = Object.values(METRICS),
): string {
  const byName = new Map<string, SeriesPoint[]>();
  for (const p of points) {
    const list = byName.get(p.name);
    if (list) list.push(p);
    else byName.set(p.name, [p]);
  }
  const lines: string[] = [];
  for (const def of defs) {
    const series = byName.get(def.name);
    if (!series?.length) continue;
    series.sort((a, b) => (a.labels.join("\u0001") < b.labels.join("\u0001") ? -1 : 1));
    lines.push(`# HELP ${def.name} ${escapeHelp(def.help)}`);
    lines.push(`# TYPE ${def.name} ${def.type}`);
    for (const s of series) {
      if (def.type !== "histogram") {
        lines.push(`${def.name}${labelSet(def.labels, s.labels)} ${formatNumber(s.value ?? 0)}`);
        continue;
      }
      const bounds = def.buckets ?? [];
      let cumulative = 0;
      bounds.forEach((le, i) => {
        cumulative += s.buckets?.[i] ?? 0;
        lines.push(
          `${def.name}_bucket${labelSet(def.labels, s.labels, ["le", formatNumber(le)])} ${cumulative}`,
        );
      });
      lines.push(`${def.name}_bucket${labelSet(def.labels, s.labels, ["le", "+Inf"])} ${s.count ?? 0}`);
      lines.push(`${def.name}_sum${labelSet(def.labels, s.labels)} ${formatNumber(s.sum ?? 0)}`);
      lines.push(`${def.name}_count${labelSet(def.labels, s.labels)} ${s.count ?? 0}`);
    }
  }
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/**
 * Derived gauges computed at scrape time from the counters: the queue backlog estimate
 * (sent − acked − dead-lettered, per queue, floored at zero).
 */
export function derivedPoints(points: SeriesPoint[]): SeriesPoint[] {
  const sent = new Map<string, number>();
  const done = new Map<string, number>();
  for (const p of points) {
    if (p.name === METRICS.queueSent.name)
      sent.set(p.labels[0]!, (sent.get(p.labels[0]!) ?? 0) + (p.value ?? 0));
    if (p.name === METRICS.queueConsumed.name && p.labels[2] !== "retry")
      done.set(p.labels[0]!, (done.get(p.labels[0]!) ?? 0) + (p.value ?? 0));
    if (p.name === METRICS.deadLetters.name)
      done.set(p.labels[0]!, (done.get(p.labels[0]!) ?? 0) + (p.value ?? 0));
  }
  return [...sent].map(([queue, n]) => ({
    name: METRICS.queueBacklog.name,
    labels: [queue],
    value: Math.max(0, n - (done.get(queue) ?? 0)),
  }));
}
