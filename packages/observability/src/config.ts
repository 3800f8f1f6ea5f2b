import { emailChannel, pagerDutyChannel, slackChannel, webhookChannel } from "./alerts/channels";
import { type AlertThresholds, DEFAULT_THRESHOLDS } from "./alerts/rules";
import type { AlertChannel } from "./alerts/types";

/**
 * Observability settings (every Worker reads the ones it needs; all optional with defaults):
 *   METRICS_TOKEN            bearer token for GET /metrics and /v1/health/ready (≥ 32 chars); a
 *                            platform_admin JWT works too
 *   METRICS_FLUSH_SECONDS    how often an isolate flushes its deltas to the aggregator (default 10; 0 = every request)
 *   METRICS_SHARDS           aggregator shards (default 4, 1..64)
 *   ALERT_*                  channels and thresholds (parseAlertConfig)
 */
export interface ObservabilityEnv {
  ENVIRONMENT?: string;
  METRICS_TOKEN?: string;
  METRICS_FLUSH_SECONDS?: string;
  METRICS_SHARDS?: string;
  ALERT_SOURCE?: string;
  ALERT_SLACK_WEBHOOK_URL?: string;
  ALERT_PAGERDUTY_ROUTING_KEY?: string;
  ALERT_PAGERDUTY_URL?: string;
  ALERT_WEBHOOK_URL?: string;
  ALERT_WEBHOOK_SECRET?: string;
  ALERT_EMAIL_API_URL?: string;
  ALERT_EMAIL_API_KEY?: string;
  ALERT_EMAIL_FROM?: string;
  ALERT_EMAIL_TO?: string;
  ALERT_ERROR_RATE?: string;
  ALERT_P95_LATENCY_MS?: string;
  ALERT_MIN_REQUESTS?: string;
  ALERT_DEAD_LETTERS?: string;
  ALERT_SCRAPE_FAILURE_RATE?: string;
  ALERT_MIN_SCRAPE_JOBS?: string;
  ALERT_QUEUE_AGE_SECONDS?: string;
  ALERT_LLM_BURN_RATE?: string;
  ALERT_SCHEDULE_GRACE_MINUTES?: string;
}

export interface SettingProblem {
  setting: string;
  message: string;
}

export const MIN_METRICS_TOKEN_LENGTH = 32;

export interface MetricsSettings {
  token: string | null;
  flushIntervalMs: number;
  shards: number;
  problems: SettingProblem[];
}

function num(
  env: Record<string, unknown>,
  key: string,
  fallback: number,
  min: number,
  max: number,
  problems: SettingProblem[],
): number {
  const raw = env[key];
  if (raw === undefined || raw === null || String(raw).trim() === "") return fallback;
  const n = Number(String(raw).trim());
  if (!Number.isFinite(n) || n < min || n > max) {
    problems.push({ setting: key, message: `must be a number from ${min} to ${max}` });
    return fallback;
  }
  return n;
}

export function parseMetricsSettings(env: ObservabilityEnv): MetricsSettings {
  const problems: SettingProblem[] = [];
  const e = env as Record<string, unknown>;
  let token: string | null =
    typeof env.METRICS_TOKEN === "string" && env.METRICS_TOKEN.trim() ? env.METRICS_TOKEN.trim() : null;
  if (token && token.length < MIN_METRICS_TOKEN_LENGTH) {
    problems.push({
      setting: "METRICS_TOKEN",
      message: `must be at least ${MIN_METRICS_TOKEN_LENGTH} characters`,
    });
    token = null;
  }
  return {
    token,
    flushIntervalMs: num(e, "METRICS_FLUSH_SECONDS", 10, 0, 3600, problems) * 1000,
    shards: Math.floor(num(e, "METRICS_SHARDS", 4, 1, 64, problems)),
    problems,
  };
}

export interface AlertSettings {
  source: string;
  thresholds: AlertThresholds;
  channels: AlertChannel[];
  problems: SettingProblem[];
}

function url(
  env: ObservabilityEnv,
  key: keyof ObservabilityEnv,
  deployed: boolean,
  problems: SettingProblem[],
) {
  const raw = env[key]?.trim();
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== "https:" && (deployed || u.protocol !== "http:")) {
      problems.push({
        setting: key,
        message: deployed ? "must be an https:// URL" : "must be an http(s):// URL",
      });
      return null;
    }
    return u.toString();
  } catch {
    problems.push({ setting: key, message: "must be a URL" });
    return null;
  }
}

/** Alert channels and thresholds from the environment. A half-configured channel is a problem, not a guess. */
export function parseAlertConfig(env: ObservabilityEnv, opts: { fetch?: typeof fetch } = {}): AlertSettings {
  const problems: SettingProblem[] = [];
  const e = env as Record<string, unknown>;
  const deployed = env.ENVIRONMENT === "staging" || env.ENVIRONMENT === "production";
  const channels: AlertChannel[] = [];
  const fetchOpt = opts.fetch ? { fetch: opts.fetch } : {};

  const slack = url(env, "ALERT_SLACK_WEBHOOK_URL", deployed, problems);
  if (slack) channels.push(slackChannel(slack, fetchOpt));

  const routingKey = env.ALERT_PAGERDUTY_ROUTING_KEY?.trim();
  const pdUrl = url(env, "ALERT_PAGERDUTY_URL", deployed, problems);
  if (routingKey) {
    if (routingKey.length !== 32)
      problems.push({
        setting: "ALERT_PAGERDUTY_ROUTING_KEY",
        message: "must be the 32-character integration key of an Events API v2 integration",
      });
    else channels.push(pagerDutyChannel(routingKey, { ...fetchOpt, ...(pdUrl ? { url: pdUrl } : {}) }));
  }

  const hook = url(env, "ALERT_WEBHOOK_URL", deployed, problems);
  const secret = env.ALERT_WEBHOOK_SECRET?.trim();
  if (secret && secret.length < 16)
    problems.push({ setting: "ALERT_WEBHOOK_SECRET", message: "must be at least 16 characters" });
  if (hook)
    channels.push(
      webhookChannel(hook, { ...fetchOpt, ...(secret && secret.length >= 16 ? { secret } : {}) }),
    );

  const emailKey = env.ALERT_EMAIL_API_KEY?.trim();
  const from = env.ALERT_EMAIL_FROM?.trim();
  const to = (env.ALERT_EMAIL_TO ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const emailUrl = url(env, "ALERT_EMAIL_API_URL", deployed, problems);
  if (emailKey || from || to.length) {
    const missing = [
      !emailKey && "ALERT_EMAIL_API_KEY",
      !from && "ALERT_EMAIL_FROM",
      !to.length && "ALERT_EMAIL_TO",
    ].filter(Boolean) as string[];
    const bad = [from ?? "", ...to].filter(
      (a) => a && !/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^<>]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>$/.test(a),
    );
    if (missing.length)
      for (const m of missing)
        problems.push({ setting: m, message: "is required when any ALERT_EMAIL_* is set" });
    else if (bad.length)
      problems.push({ setting: "ALERT_EMAIL_TO", message: `not an email address: ${bad.join(", ")}` });
    else
      channels.push(
        emailChannel({
          ...fetchOpt,
          apiKey: emailKey!,
          from: from!,
          to,
          ...(emailUrl ? { url: emailUrl } : {}),
        }),
      );
  }

  const d = DEFAULT_THRESHOLDS;
  const thresholds: AlertThresholds = {
    errorRate: num(e, "ALERT_ERROR_RATE", d.errorRate, 0, 1, problems),
    p95LatencyMs: num(e, "ALERT_P95_LATENCY_MS", d.p95LatencyMs, 1, 600_000, problems),
    minRequests: num(e, "ALERT_MIN_REQUESTS", d.minRequests, 1, 1e9, problems),
    deadLetters: num(e, "ALERT_DEAD_LETTERS", d.deadLetters, 0, 1e9, problems),
    scrapeFailureRate: num(e, "ALERT_SCRAPE_FAILURE_RATE", d.scrapeFailureRate, 0, 1, problems),
    minScrapeJobs: num(e, "ALERT_MIN_SCRAPE_JOBS", d.minScrapeJobs, 1, 1e9, problems),
    queueAgeSeconds: num(e, "ALERT_QUEUE_AGE_SECONDS", d.queueAgeSeconds, 1, 1e7, problems),
    llmBurnRate: num(e, "ALERT_LLM_BURN_RATE", d.llmBurnRate, 0.01, 1000, problems),
    scheduleGraceMinutes: num(
      e,
      "ALERT_SCHEDULE_GRACE_MINUTES",
      d.scheduleGraceMinutes,
      1,
      100_000,
      problems,
    ),
  };
  const source = env.ALERT_SOURCE?.trim() || `forecourt-${env.ENVIRONMENT ?? "development"}`;
  return { source, thresholds, channels, problems };
}
