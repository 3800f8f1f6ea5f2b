import { createRepositories, type Repositories, type RepositoryOptions } from "@forecourt/db";
import {
  type AlertCondition,
  type AlertStateEntry,
  type AlertStateStore,
  createLogger,
  type EngineResult,
  evaluateMetricRules,
  evaluateScheduleRule,
  type Logger,
  type LogLevel,
  METRICS,
  type ObservabilityEnv,
  parseAlertConfig,
  parseMetricsSettings,
  runAlertEngine,
  type ScheduleFact,
  type SeriesPoint,
  windowDelta,
} from "@forecourt/observability";
import { latestCronSlot, newId } from "@forecourt/services";
import { collectMetrics, type MetricsNamespace } from "../../api/src/metrics/client";

/** Families the metric rules read; the previous window keeps only these (bounded storage). */
const RULE_FAMILIES = new Set<string>([
  METRICS.httpRequests.name,
  METRICS.httpDuration.name,
  METRICS.deadLetters.name,
  METRICS.scrapeJobs.name,
  METRICS.queueAge.name,
  METRICS.llmCost.name,
]);
/** Windows shorter than this are too noisy to judge rates on (the cron runs every 5 minutes). */
const MIN_WINDOW_SECONDS = 60;
/** Dealerships confirmed against the database per tick when the metrics have no recent success. */
const MAX_DB_CONFIRMATIONS = 100;

interface WindowState {
  at: number;
  points: SeriesPoint[];
}

export interface AlertRunEnv extends ObservabilityEnv {
  METRICS_AGGREGATOR?: MetricsNamespace;
  AI_DAILY_BUDGET_USD?: string | number;
}

/** The alert engine's bookkeeping in the aggregator's "alerts" object (one object: ticks never race). */
export function durableAlertStore(ns: MetricsNamespace): AlertStateStore {
  const stub = ns.get(ns.idFromName("alerts"));
  return {
    load: async () => ((await stub.getState("alerts")) as Record<string, AlertStateEntry> | null) ?? {},
    save: async (state) => {
      await stub.putState("alerts", state);
    },
  };
}

/** "A dealership not scraped on schedule", from the schedule candidates, the metrics and (to confirm) the database. */
async function scheduleFacts(
  repos: Repositories,
  points: SeriesPoint[],
  now: Date,
  graceMinutes: number,
): Promise<ScheduleFact[]> {
  const lastSuccess = new Map<string, number>();
  for (const p of points) {
    if (p.name === METRICS.scrapeLastSuccess.name) lastSuccess.set(p.labels[0]!, (p.value ?? 0) * 1000);
  }
  const asOf = new Date(now.getTime() - graceMinutes * 60_000);
  const facts: ScheduleFact[] = [];
  let confirmations = 0;
  let cursor: string | undefined;
  do {
    const page = await repos.scrapes.scheduleCandidates({ limit: 200, cursor });
    for (const { dealership: d } of page.items) {
      if (d.status !== "active" || !d.scrapeSchedule.enabled) continue;
      const slot = latestCronSlot(d.scrapeSchedule.cron, d.timezone, asOf);
      const expected = slot && slot.getTime() > Date.parse(d.createdAt) ? slot : null;
      if (!expected) {
        facts.push({ dealershipId: d.id, expectedSlot: null, lastSuccessAt: null });
        continue;
      }
      let last = lastSuccess.get(d.id) ?? null;
      if (last === null || last < expected.getTime()) {
        // The metrics may be younger than the last success (aggregator reset): ask the database.
        if (confirmations >= MAX_DB_CONFIRMATIONS) continue; // undecided this tick: state unchanged
        confirmations++;
        const job = await repos.scrapes.lastSucceededJob(d.id, "");
        const finished = job?.finishedAt ? Date.parse(job.finishedAt) : null;
        if (finished !== null && (last === null || finished > last)) last = finished;
      }
      facts.push({
        dealershipId: d.id,
        expectedSlot: expected.toISOString(),
        lastSuccessAt: last === null ? null : new Date(last).toISOString(),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return facts;
}

function dailyBudgetMicroUsd(env: AlertRunEnv): number | null {
  const raw = env.AI_DAILY_BUDGET_USD;
  if (raw === undefined || raw === null || String(raw).trim() === "") return null;
  const usd = Number(raw);
  return Number.isFinite(usd) && usd > 0 ? Math.round(usd * 1_000_000) : null;
}

/**
 * One alert evaluation (the scraper's cron, every 5 minutes): metric rules over the window since the
 * previous tick (from the aggregator), the schedule rule from the database, then the engine (dedup,
 * resolve, per-channel delivery). Never throws: a failure is logged and the next tick tries again.
 */
export async function runAlertTick(
  env: AlertRunEnv,
  repos: Repositories,
  logger: Logger,
  opts: { now?: Date; fetch?: typeof fetch } = {},
): Promise<EngineResult | null> {
  const now = opts.now ?? new Date();
  const log = logger.child({ task: "alerts" });
  try {
    const settings = parseAlertConfig(env, opts.fetch ? { fetch: opts.fetch } : {});
    if (settings.problems.length) log.error("alert configuration problems", { problems: settings.problems });
    const ns = env.METRICS_AGGREGATOR;
    if (!ns) {
      log.warn("alerts skipped: no METRICS_AGGREGATOR binding");
      return null;
    }
    const points = await collectMetrics(ns, parseMetricsSettings(env).shards);
    const stub = ns.get(ns.idFromName("alerts"));
    const prev = ((await stub.getState("window")) as WindowState | null) ?? null;
    await stub.putState("window", {
      at: now.getTime(),
      points: points.filter((p) => RULE_FAMILIES.has(p.name)),
    });

    const conditions: AlertCondition[] = [];
    const windowSeconds = prev ? (now.getTime() - prev.at) / 1000 : 0;
    if (prev && windowSeconds >= MIN_WINDOW_SECONDS) {
      conditions.push(
        ...evaluateMetricRules({
          window: windowDelta(prev.points, points),
          windowSeconds,
          thresholds: settings.thresholds,
          dailyBudgetMicroUsd: dailyBudgetMicroUsd(env),
          queues: ["scrape-jobs", "embed-jobs"],
        }),
      );
    }
    conditions.push(
      ...evaluateScheduleRule(
        await scheduleFacts(repos, points, now, settings.thresholds.scheduleGraceMinutes),
      ),
    );
    const result = await runAlertEngine({
      conditions,
      channels: settings.channels,
      store: durableAlertStore(ns),
      now,
      source: settings.source,
    });
    const failed = result.deliveries.filter((d) => !d.ok);
    log[failed.length ? "warn" : "info"]("alerts evaluated", {
      conditions: conditions.length,
      firing: result.firing,
      delivered: result.deliveries.filter((d) => d.ok).length,
      failedDeliveries: failed,
      channels: settings.channels.map((c) => c.name),
      windowSeconds,
    });
    return result;
  } catch (err) {
    log.error("alert evaluation failed", { errorMessage: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

/**
 * The cron's alert step: its own repositories and logger, closed afterwards; off without the binding.
 * Run by the scraper's cron in production and by the API's scheduled handler under `npm start`
 * (`worker` names the caller in the log lines). Never throws.
 */
export async function scheduledAlerts(
  env: AlertRunEnv,
  deps: { logLevel: LogLevel; db: RepositoryOptions; now: Date; worker?: string },
): Promise<EngineResult | null> {
  const logger = createLogger(deps.logLevel, {
    worker: deps.worker ?? "scraper",
    trigger: "cron",
    task: "alerts",
    requestId: newId("req"),
  });
  if (!env.METRICS_AGGREGATOR) {
    logger.info("alerts off: no METRICS_AGGREGATOR binding");
    return null;
  }
  let repos: Repositories;
  try {
    repos = createRepositories(deps.db);
  } catch (err) {
    logger.error("alert evaluation failed", {
      errorMessage: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
  try {
    return await runAlertTick(env, repos, logger, { now: deps.now });
  } finally {
    await repos.close().catch(() => {});
  }
}
