import { METRICS } from "../metrics/catalog";
import type { SeriesPoint } from "../metrics/series";
import type { AlertCondition } from "./types";

/** Thresholds of the rules (ALERT_* settings; docs/operations.md "Alert rules"). */
export interface AlertThresholds {
  /** 5xx share of requests in the window. */
  errorRate: number;
  /** p95 request latency in milliseconds (all routes). */
  p95LatencyMs: number;
  /** Requests needed in the window before the rate/latency rules judge. */
  minRequests: number;
  /** Dead letters in the window above which the rule fires (0: any dead letter fires). */
  deadLetters: number;
  /** Failed/dead share of finished scrape jobs in the window. */
  scrapeFailureRate: number;
  minScrapeJobs: number;
  /** p95 enqueue age (seconds) of consumed messages, per queue. */
  queueAgeSeconds: number;
  /** Spend rate (extrapolated to 24h) over the daily budget, per dealership: 1 = on track to spend it all. */
  llmBurnRate: number;
  /** Minutes after a scheduled slot by which a successful scrape is expected. */
  scheduleGraceMinutes: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  errorRate: 0.05,
  p95LatencyMs: 2000,
  minRequests: 20,
  deadLetters: 0,
  scrapeFailureRate: 0.25,
  minScrapeJobs: 4,
  queueAgeSeconds: 900,
  llmBurnRate: 1,
  scheduleGraceMinutes: 180,
};

/**
 * The change of every counter/histogram between two cumulative snapshots (a window, like PromQL's
 * `increase()`); a series that went down (aggregator reset) counts from zero.
 */
export function windowDelta(prev: SeriesPoint[], cur: SeriesPoint[]): SeriesPoint[] {
  const before = new Map(prev.map((p) => [`${p.name}\u0000${p.labels.join("\u0001")}`, p]));
  const out: SeriesPoint[] = [];
  for (const p of cur) {
    const b = before.get(`${p.name}\u0000${p.labels.join("\u0001")}`);
    if (p.buckets) {
      const reset = !b?.buckets || (b.count ?? 0) > (p.count ?? 0);
      out.push({
        name: p.name,
        labels: p.labels,
        buckets: p.buckets.map((c, i) => (reset ? c : c - (b!.buckets![i] ?? 0))),
        sum: reset ? (p.sum ?? 0) : (p.sum ?? 0) - (b!.sum ?? 0),
        count: reset ? (p.count ?? 0) : (p.count ?? 0) - (b!.count ?? 0),
      });
    } else {
      const v = p.value ?? 0;
      const pv = b?.value ?? 0;
      out.push({ name: p.name, labels: p.labels, value: v >= pv ? v - pv : v });
    }
  }
  return out;
}

/** histogram_quantile over merged buckets (linear interpolation inside the bucket, like Prometheus). */
export function histogramQuantile(q: number, bounds: readonly number[], buckets: number[]): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let cum = 0;
  for (let i = 0; i < buckets.length; i++) {
    const c = buckets[i] ?? 0;
    if (cum + c >= rank && c > 0) {
      if (i >= bounds.length) return bounds[bounds.length - 1] ?? null; // +Inf bucket: the highest bound
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const upper = bounds[i]!;
      return lower + (upper - lower) * ((rank - cum) / c);
    }
    cum += c;
  }
  return bounds[bounds.length - 1] ?? null;
}

function sumHistograms(
  points: SeriesPoint[],
  name: string,
  filter: (p: SeriesPoint) => boolean = () => true,
) {
  let buckets: number[] | null = null;
  for (const p of points) {
    if (p.name !== name || !p.buckets || !filter(p)) continue;
    buckets = buckets ? buckets.map((c, i) => c + (p.buckets![i] ?? 0)) : [...p.buckets];
  }
  return buckets;
}

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;

export interface MetricRuleInput {
  window: SeriesPoint[];
  windowSeconds: number;
  thresholds: AlertThresholds;
  /** Daily LLM budget per dealership in micro-dollars (null: no budget, rule off). */
  dailyBudgetMicroUsd: number | null;
  /** Queues the deployment consumes (so a quiet queue resolves its alert). */
  queues?: string[];
}

/** The rules judged from the metrics window. Rules with too little data in the window are left out (no change). */
export function evaluateMetricRules(input: MetricRuleInput): AlertCondition[] {
  const { window, thresholds: t } = input;
  const out: AlertCondition[] = [];
  const mins = Math.max(1, Math.round(input.windowSeconds / 60));

  // Error rate and p95 latency (all routes).
  let total = 0;
  let errors = 0;
  for (const p of window) {
    if (p.name !== METRICS.httpRequests.name) continue;
    total += p.value ?? 0;
    if ((p.labels[2] ?? "").startsWith("5")) errors += p.value ?? 0;
  }
  if (total >= t.minRequests) {
    const rate = errors / total;
    out.push({
      key: "error_rate",
      rule: "error_rate",
      severity: "critical",
      firing: rate > t.errorRate,
      summary: `API 5xx rate ${pct(rate)} over the last ${mins} min (threshold ${pct(t.errorRate)})`,
      details: { errors, requests: total, rate, threshold: t.errorRate, windowSeconds: input.windowSeconds },
    });
    const buckets = sumHistograms(window, METRICS.httpDuration.name);
    const p95 = buckets ? histogramQuantile(0.95, METRICS.httpDuration.buckets, buckets) : null;
    if (p95 !== null) {
      const ms = Math.round(p95 * 1000);
      out.push({
        key: "p95_latency",
        rule: "p95_latency",
        severity: "warning",
        firing: ms > t.p95LatencyMs,
        summary: `API p95 latency ${ms} ms over the last ${mins} min (threshold ${t.p95LatencyMs} ms)`,
        details: {
          p95Ms: ms,
          requests: total,
          thresholdMs: t.p95LatencyMs,
          windowSeconds: input.windowSeconds,
        },
      });
    }
  }

  // Dead letters, per source queue (every known queue is judged, so a quiet one resolves).
  const dead = new Map<string, number>((input.queues ?? []).map((q) => [q, 0]));
  for (const p of window) {
    if (p.name === METRICS.deadLetters.name)
      dead.set(p.labels[0]!, (dead.get(p.labels[0]!) ?? 0) + (p.value ?? 0));
  }
  for (const [queue, n] of dead) {
    out.push({
      key: `dead_letters:${queue}`,
      rule: "dead_letters",
      severity: "error",
      firing: n > t.deadLetters,
      summary: `${n} message(s) of ${queue} dead-lettered in the last ${mins} min`,
      details: { queue, deadLetters: n, threshold: t.deadLetters, windowSeconds: input.windowSeconds },
    });
  }

  // Scrape failure rate.
  let finished = 0;
  let failed = 0;
  for (const p of window) {
    if (p.name !== METRICS.scrapeJobs.name) continue;
    finished += p.value ?? 0;
    if (p.labels[0] === "failed" || p.labels[0] === "dead") failed += p.value ?? 0;
  }
  if (finished >= t.minScrapeJobs) {
    const rate = failed / finished;
    out.push({
      key: "scrape_failure_rate",
      rule: "scrape_failure_rate",
      severity: "error",
      firing: rate > t.scrapeFailureRate,
      summary: `${failed} of ${finished} scrape jobs failed in the last ${mins} min (${pct(rate)}, threshold ${pct(t.scrapeFailureRate)})`,
      details: { failed, finished, rate, threshold: t.scrapeFailureRate, windowSeconds: input.windowSeconds },
    });
  }

  // Queue age (p95 of enqueue age at consume time), per queue.
  const queues = new Set<string>();
  for (const p of window) if (p.name === METRICS.queueAge.name) queues.add(p.labels[0]!);
  for (const queue of queues) {
    const buckets = sumHistograms(window, METRICS.queueAge.name, (p) => p.labels[0] === queue);
    const p95 = buckets ? histogramQuantile(0.95, METRICS.queueAge.buckets, buckets) : null;
    if (p95 === null) continue;
    out.push({
      key: `queue_age:${queue}`,
      rule: "queue_age",
      severity: "warning",
      firing: p95 > t.queueAgeSeconds,
      summary: `${queue}: p95 message age at consume ${Math.round(p95)} s (threshold ${t.queueAgeSeconds} s)`,
      details: {
        queue,
        p95Seconds: p95,
        thresholdSeconds: t.queueAgeSeconds,
        windowSeconds: input.windowSeconds,
      },
    });
  }

  // LLM budget burn, per dealership: the window's spend extrapolated to a day, over the daily budget.
  if (input.dailyBudgetMicroUsd && input.dailyBudgetMicroUsd > 0 && input.windowSeconds > 0) {
    const spend = new Map<string, number>();
    for (const p of window) {
      if (p.name === METRICS.llmCost.name)
        spend.set(p.labels[0]!, (spend.get(p.labels[0]!) ?? 0) + (p.value ?? 0));
    }
    const budgetUsd = input.dailyBudgetMicroUsd / 1_000_000;
    for (const [dealership, usd] of spend) {
      const burn = (usd * (86_400 / input.windowSeconds)) / budgetUsd;
      out.push({
        key: `llm_budget_burn:${dealership}`,
        rule: "llm_budget_burn",
        severity: "warning",
        firing: burn > t.llmBurnRate,
        summary: `dealership ${dealership} is spending its LLM budget at ${burn.toFixed(1)}x the daily rate ($${usd.toFixed(4)} in ${mins} min, budget $${budgetUsd.toFixed(2)}/day)`,
        details: {
          dealershipId: dealership,
          spentUsd: usd,
          burnRate: burn,
          dailyBudgetUsd: budgetUsd,
          threshold: t.llmBurnRate,
        },
      });
    }
  }
  return out;
}

export interface ScheduleFact {
  dealershipId: string;
  /** The latest slot of its schedule that is at least the grace period old (null: none due yet). */
  expectedSlot: string | null;
  /** When its last successful scrape finished (null: never). */
  lastSuccessAt: string | null;
}

/** "A dealership not scraped on schedule": no successful scrape since a slot older than the grace period. */
export function evaluateScheduleRule(facts: ScheduleFact[]): AlertCondition[] {
  return facts.map((f) => {
    const late =
      f.expectedSlot !== null &&
      (f.lastSuccessAt === null || Date.parse(f.lastSuccessAt) < Date.parse(f.expectedSlot));
    return {
      key: `schedule_missed:${f.dealershipId}`,
      rule: "schedule_missed" as const,
      severity: "warning" as const,
      firing: late,
      summary: late
        ? `dealership ${f.dealershipId} has not been scraped successfully since its ${f.expectedSlot} slot (last success: ${f.lastSuccessAt ?? "never"})`
        : `dealership ${f.dealershipId} is scraped on schedule`,
      details: { ...f },
    };
  });
}
