import {
  perEnv,
  SCHEDULE_SPREAD_SECONDS_MAX,
  STALE_JOB_SECONDS_MAX,
  STALE_JOB_SECONDS_MIN,
} from "@forecourt/config";
import { policyFromConfig, type SsrfPolicy } from "@forecourt/crawl";
import type { RepositoryOptions } from "@forecourt/db";
import {
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  DEFAULT_SCRAPE_SETTINGS,
  RESCORE_BATCH,
  type ScrapeSettings,
  scrapeSettings,
} from "@forecourt/services";
import { z } from "zod";
import type { ScraperEnv } from "./env";

/**
 * The scraper Worker's configuration, validated once per isolate from its bindings and vars (see
 * workers/scraper/wrangler.toml). A bad setting fails every message with a log line naming it (the
 * messages are retried, not lost).
 */
export interface ScraperConfig {
  environment: "development" | "test" | "staging" | "production";
  db: RepositoryOptions;
  policy: SsrfPolicy;
  /** DNS answers checked through DNS-over-HTTPS (deployed), or the URL check only (local). */
  dns: "doh" | "none";
  userAgent: string | undefined;
  fetchTimeoutMs: number;
  maxPageBytes: number;
  politenessDelayMs: number;
  maxConcurrency: number;
  backoff: BackoffPolicy;
  settings: ScrapeSettings;
  /** Vehicles rescored per cron tick (QualityService.rescoreStale). */
  qualityRescoreBatch: number;
  logLevel: "debug" | "info" | "warn" | "error";
}

export class ScraperConfigError extends Error {
  constructor(readonly problems: { setting: string; message: string }[]) {
    super(`Invalid scraper configuration: ${problems.map((p) => `${p.setting}: ${p.message}`).join("; ")}`);
    this.name = "ScraperConfigError";
  }
}

const int = (min: number, max: number, fallback: number) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, "must be a whole number")])
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const Vars = z.object({
  ENVIRONMENT: z.enum(["development", "test", "staging", "production"]),
  DB_DRIVER: z.enum(["d1", "hyperdrive", "neon"]).default("d1"),
  NEON_DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  SCRAPER_DEV_ALLOW_HOSTS: z.string().optional(),
  SCRAPER_DNS: z.enum(["doh", "none"]).optional(),
  SCRAPER_USER_AGENT: z.string().min(1).max(300).optional(),
  SCRAPER_FETCH_TIMEOUT_MS: int(100, 120_000, 15_000),
  SCRAPER_MAX_PAGE_BYTES: int(1024, 50 * 1024 * 1024, 5 * 1024 * 1024),
  SCRAPER_POLITENESS_DELAY_MS: int(0, 60_000, 1000),
  SCRAPER_MAX_CONCURRENCY: int(1, 16, 2),
  SCRAPER_BATCH_SIZE: int(1, 200, DEFAULT_SCRAPE_SETTINGS.batchSize),
  SCRAPER_LISTING_PAGES_PER_MESSAGE: int(1, 100, DEFAULT_SCRAPE_SETTINGS.listingPagesPerMessage),
  SCRAPER_LEASE_SECONDS: int(10, 3600, DEFAULT_SCRAPE_SETTINGS.leaseSeconds),
  SCRAPER_RETRY_BASE_SECONDS: int(0, 3600, DEFAULT_BACKOFF.baseSeconds),
  SCRAPER_RETRY_MAX_SECONDS: int(0, 43_200, DEFAULT_BACKOFF.maxSeconds),
  // Per-job budgets: of the jobs this Worker's cron creates, and a cap on every job it runs (see budgetOf).
  SCRAPER_JOB_MAX_PAGES: int(1, 100_000, DEFAULT_SCRAPE_SETTINGS.budget.maxPages),
  SCRAPER_JOB_MAX_BYTES: int(64 * 1024, 20 * 1024 * 1024 * 1024, DEFAULT_SCRAPE_SETTINGS.budget.maxBytes),
  SCRAPER_JOB_MAX_SECONDS: int(10, 7 * 24 * 3600, DEFAULT_SCRAPE_SETTINGS.budget.maxSeconds),
  // The stalled-job reaper's timeout (also read by the API: set both alike) and the start spread of a tick.
  SCRAPER_STALE_JOB_SECONDS: int(
    STALE_JOB_SECONDS_MIN,
    STALE_JOB_SECONDS_MAX,
    DEFAULT_SCRAPE_SETTINGS.staleJobSeconds,
  ),
  SCRAPER_SCHEDULE_SPREAD_SECONDS: int(
    0,
    SCHEDULE_SPREAD_SECONDS_MAX,
    DEFAULT_SCRAPE_SETTINGS.scheduleSpreadSeconds,
  ),
  QUALITY_RESCORE_BATCH: int(1, 5_000, RESCORE_BATCH),
});

export function parseScraperConfig(env: ScraperEnv): ScraperConfig {
  const parsed = Vars.safeParse(env);
  if (!parsed.success) {
    throw new ScraperConfigError(
      parsed.error.issues.map((i) => ({ setting: String(i.path[0] ?? "env"), message: i.message })),
    );
  }
  const v = parsed.data;
  const problems: { setting: string; message: string }[] = [];
  let db: RepositoryOptions | null = null;
  if (v.DB_DRIVER === "d1") {
    if (!env.DB) problems.push({ setting: "DB", message: "D1 binding is required when DB_DRIVER=d1" });
    else db = { driver: "d1", d1: env.DB };
  } else if (v.DB_DRIVER === "hyperdrive") {
    if (!env.HYPERDRIVE)
      problems.push({ setting: "HYPERDRIVE", message: "required when DB_DRIVER=hyperdrive" });
    else db = { driver: "hyperdrive", connectionString: env.HYPERDRIVE.connectionString };
  } else if (!v.NEON_DATABASE_URL) {
    problems.push({ setting: "NEON_DATABASE_URL", message: "required when DB_DRIVER=neon" });
  } else db = { driver: "neon", connectionString: v.NEON_DATABASE_URL };
  if (!env.SCRAPE_JOBS)
    problems.push({
      setting: "SCRAPE_JOBS",
      message: "the scrape-jobs producer binding is required (fan-out)",
    });
  let policy: SsrfPolicy | null = null;
  try {
    policy = policyFromConfig({
      environment: v.ENVIRONMENT,
      devAllowHosts: v.SCRAPER_DEV_ALLOW_HOSTS ?? null,
    });
  } catch (err) {
    problems.push({ setting: "SCRAPER_DEV_ALLOW_HOSTS", message: (err as Error).message });
  }
  // A job whose message holds its lease, or waits out a retry backoff, is not stalled: the reaper's
  // timeout must be longer than both.
  const quiet = Math.max(v.SCRAPER_LEASE_SECONDS, v.SCRAPER_RETRY_MAX_SECONDS);
  if (v.SCRAPER_STALE_JOB_SECONDS <= quiet) {
    problems.push({
      setting: "SCRAPER_STALE_JOB_SECONDS",
      message: `must be more than SCRAPER_LEASE_SECONDS and SCRAPER_RETRY_MAX_SECONDS (${quiet})`,
    });
  }
  const deployed = v.ENVIRONMENT === "staging" || v.ENVIRONMENT === "production";
  const dns = v.SCRAPER_DNS ?? (deployed ? "doh" : "none");
  if (deployed && dns !== "doh") {
    problems.push({
      setting: "SCRAPER_DNS",
      message: `must be "doh" in ${v.ENVIRONMENT}: DNS answers are checked against the SSRF policy`,
    });
  }
  if (problems.length > 0 || !db || !policy) throw new ScraperConfigError(problems);
  return {
    environment: v.ENVIRONMENT,
    db,
    policy,
    dns,
    userAgent: v.SCRAPER_USER_AGENT,
    fetchTimeoutMs: v.SCRAPER_FETCH_TIMEOUT_MS,
    maxPageBytes: v.SCRAPER_MAX_PAGE_BYTES,
    politenessDelayMs: v.SCRAPER_POLITENESS_DELAY_MS,
    maxConcurrency: v.SCRAPER_MAX_CONCURRENCY,
    backoff: { baseSeconds: v.SCRAPER_RETRY_BASE_SECONDS, maxSeconds: v.SCRAPER_RETRY_MAX_SECONDS },
    settings: scrapeSettings({
      budget: {
        maxPages: v.SCRAPER_JOB_MAX_PAGES,
        maxBytes: v.SCRAPER_JOB_MAX_BYTES,
        maxSeconds: v.SCRAPER_JOB_MAX_SECONDS,
      },
      batchSize: v.SCRAPER_BATCH_SIZE,
      listingPagesPerMessage: v.SCRAPER_LISTING_PAGES_PER_MESSAGE,
      leaseSeconds: v.SCRAPER_LEASE_SECONDS,
      staleJobSeconds: v.SCRAPER_STALE_JOB_SECONDS,
      scheduleSpreadSeconds: v.SCRAPER_SCHEDULE_SPREAD_SECONDS,
    }),
    qualityRescoreBatch: v.QUALITY_RESCORE_BATCH,
    logLevel: v.LOG_LEVEL,
  };
}

/** Validated configuration for this env, once per isolate (errors cached too). */
export const loadScraperConfig: (env: ScraperEnv) => ScraperConfig = perEnv(
  parseScraperConfig,
  (err) => err instanceof ScraperConfigError,
);
