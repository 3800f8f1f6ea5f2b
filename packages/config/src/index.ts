import { z } from "zod";
import type { AiEnv } from "./ai";
import { ConfigError } from "./error";
import { perEnv } from "./per-env";

export * from "./ai";
export { ConfigError } from "./error";
export { perEnv } from "./per-env";

/**
 * Worker configuration: every binding and variable the API Worker reads, validated once per isolate.
 * `loadConfig(env)` is the only way code reads `env`; it throws `ConfigError` naming every missing or bad
 * setting so a misconfigured deploy fails loudly on its first request instead of half-working.
 */

export const ENVIRONMENTS = ["development", "test", "staging", "production"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];
export const DB_DRIVERS = ["d1", "hyperdrive", "neon"] as const;
export type DbDriver = (typeof DB_DRIVERS)[number];
export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_BULK_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** HS256 secrets shorter than this are refused (RFC 7518 §3.2: at least the hash size, 256 bits). */
export const MIN_HS256_SECRET_LENGTH = 32;

/** The database options `createRepositories(opts)` from `@forecourt/db` takes. */
export type DbConfig =
  | { driver: "d1"; d1: D1Database }
  | { driver: "hyperdrive"; connectionString: string }
  | { driver: "neon"; connectionString: string };

export type JwtConfig =
  | { mode: "hs256"; secret: string; issuer: string; audience: string; algorithms: ["HS256"] }
  | { mode: "jwks"; jwksUrl: string; issuer: string; audience: string; algorithms: ["RS256", "ES256"] };

export interface Config {
  environment: Environment;
  db: DbConfig;
  jwt: JwtConfig;
  logLevel: LogLevel;
  maxBodyBytes: number;
  bulkMaxBodyBytes: number;
  rateLimiter: DurableObjectNamespace;
  queues: { scrapeJobs: Queue | null; embedJobs: Queue | null };
  /** Scraping settings the API shares with the scraper Worker (only those set; the rest are defaults). */
  scraping: { staleJobSeconds?: number; scheduleSpreadSeconds?: number };
}

/**
 * `SCRAPER_STALE_JOB_SECONDS`: an active scrape with no change for this long is failed by the cron's
 * reaper, and its dealership's slot may be taken over. Set it to the same value on the API and the scraper.
 */
export const STALE_JOB_SECONDS_MIN = 900;
export const STALE_JOB_SECONDS_MAX = 7 * 24 * 3600;
/** `SCRAPER_SCHEDULE_SPREAD_SECONDS`: below the cron trigger's 5-minute interval. */
export const SCHEDULE_SPREAD_SECONDS_MAX = 299;

/** A whole number from a var (string or number), optional; bounds checked with clear messages. */
export const wholeNumberVar = (min: number, max: number) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, "must be a whole number")])
    .optional()
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`).optional());

/** The raw Worker environment as declared in wrangler.toml (everything optional: validation decides). */
export interface Env extends AiEnv {
  ENVIRONMENT?: string;
  DB_DRIVER?: string;
  JWT_HS256_SECRET?: string;
  JWT_JWKS_URL?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  LOG_LEVEL?: string;
  MAX_BODY_BYTES?: string | number;
  BULK_MAX_BODY_BYTES?: string | number;
  NEON_DATABASE_URL?: string;
  DB?: D1Database;
  HYPERDRIVE?: Hyperdrive;
  RATE_LIMITER?: DurableObjectNamespace;
  SCRAPE_JOBS?: Queue;
  EMBED_JOBS?: Queue;
  SCRAPER_STALE_JOB_SECONDS?: string | number;
  SCRAPER_SCHEDULE_SPREAD_SECONDS?: string | number;
}

const hasMethods = (...names: string[]) =>
  z.custom<unknown>(
    (v) =>
      typeof v === "object" &&
      v !== null &&
      names.every((n) => typeof (v as Record<string, unknown>)[n] === "function"),
    { message: `must be a binding with ${names.join("/")}` },
  );

const byteSize = (fallback: number) =>
  z
    .union([z.number(), z.string().regex(/^\d+$/, "must be a whole number of bytes")])
    .optional()
    .transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(
      z
        .number()
        .int()
        .min(1024, "must be at least 1024 bytes")
        .max(100 * 1024 * 1024, "must be at most 100 MiB"),
    );

const nonEmpty = (what: string) =>
  z
    .string({ message: `is required (${what})` })
    .trim()
    .min(1, `is required (${what})`);

const EnvSchema = z.object({
  ENVIRONMENT: z.enum(ENVIRONMENTS, { message: `must be one of ${ENVIRONMENTS.join(", ")}` }),
  DB_DRIVER: z.enum(DB_DRIVERS, { message: `must be one of ${DB_DRIVERS.join(", ")}` }).default("d1"),
  JWT_HS256_SECRET: z.string().optional(),
  JWT_JWKS_URL: z.string().optional(),
  JWT_ISSUER: nonEmpty("the expected `iss` claim"),
  JWT_AUDIENCE: nonEmpty("the expected `aud` claim"),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  MAX_BODY_BYTES: byteSize(DEFAULT_MAX_BODY_BYTES),
  BULK_MAX_BODY_BYTES: byteSize(DEFAULT_BULK_MAX_BODY_BYTES),
  NEON_DATABASE_URL: z.string().optional(),
  DB: hasMethods("prepare", "batch").optional(),
  HYPERDRIVE: z
    .custom<Hyperdrive>(
      (v) => typeof v === "object" && v !== null && typeof (v as Hyperdrive).connectionString === "string",
      { message: "must be a Hyperdrive binding" },
    )
    .optional(),
  RATE_LIMITER: hasMethods("idFromName", "get"),
  SCRAPE_JOBS: hasMethods("send").optional(),
  EMBED_JOBS: hasMethods("send").optional(),
  SCRAPER_STALE_JOB_SECONDS: wholeNumberVar(STALE_JOB_SECONDS_MIN, STALE_JOB_SECONDS_MAX),
  SCRAPER_SCHEDULE_SPREAD_SECONDS: wholeNumberVar(0, SCHEDULE_SPREAD_SECONDS_MAX),
});

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Validates `env` and builds the typed configuration. Prefer `loadConfig`, which caches. */
export function parseConfig(env: Env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ setting: String(i.path[0] ?? "env"), message: i.message })),
    );
  }
  const e = parsed.data;
  const problems: { setting: string; message: string }[] = [];
  const deployed = e.ENVIRONMENT === "staging" || e.ENVIRONMENT === "production";

  let db: DbConfig | null = null;
  if (e.DB_DRIVER === "d1") {
    if (!e.DB) problems.push({ setting: "DB", message: "D1 binding is required when DB_DRIVER=d1" });
    else db = { driver: "d1", d1: e.DB as D1Database };
  } else if (e.DB_DRIVER === "hyperdrive") {
    if (!e.HYPERDRIVE) {
      problems.push({
        setting: "HYPERDRIVE",
        message: "Hyperdrive binding is required when DB_DRIVER=hyperdrive",
      });
    } else db = { driver: "hyperdrive", connectionString: e.HYPERDRIVE.connectionString };
  } else {
    const url = e.NEON_DATABASE_URL?.trim();
    if (!url) {
      problems.push({ setting: "NEON_DATABASE_URL", message: "is required when DB_DRIVER=neon" });
    } else if (!isUrl(url, ["postgres:", "postgresql:"])) {
      problems.push({ setting: "NEON_DATABASE_URL", message: "must be a postgres:// or postgresql:// URL" });
    } else db = { driver: "neon", connectionString: url };
  }

  let jwt: JwtConfig | null = null;
  const secret = e.JWT_HS256_SECRET?.trim() ? e.JWT_HS256_SECRET : undefined;
  const jwksUrl = e.JWT_JWKS_URL?.trim() ? e.JWT_JWKS_URL.trim() : undefined;
  if (deployed) {
    if (secret) {
      problems.push({
        setting: "JWT_HS256_SECRET",
        message: `must not be set in ${e.ENVIRONMENT}: shared-secret tokens are for development and tests only; use JWT_JWKS_URL`,
      });
    }
    if (!jwksUrl) problems.push({ setting: "JWT_JWKS_URL", message: `is required in ${e.ENVIRONMENT}` });
    else if (!isUrl(jwksUrl, ["https:"]))
      problems.push({ setting: "JWT_JWKS_URL", message: "must be an https:// URL" });
    else
      jwt = {
        mode: "jwks",
        jwksUrl,
        issuer: e.JWT_ISSUER,
        audience: e.JWT_AUDIENCE,
        algorithms: ["RS256", "ES256"],
      };
  } else if (secret) {
    if (secret.length < MIN_HS256_SECRET_LENGTH) {
      problems.push({
        setting: "JWT_HS256_SECRET",
        message: `must be at least ${MIN_HS256_SECRET_LENGTH} characters`,
      });
    } else
      jwt = { mode: "hs256", secret, issuer: e.JWT_ISSUER, audience: e.JWT_AUDIENCE, algorithms: ["HS256"] };
  } else if (jwksUrl) {
    if (!isUrl(jwksUrl, ["https:", "http:"]))
      problems.push({ setting: "JWT_JWKS_URL", message: "must be a URL" });
    else
      jwt = {
        mode: "jwks",
        jwksUrl,
        issuer: e.JWT_ISSUER,
        audience: e.JWT_AUDIENCE,
        algorithms: ["RS256", "ES256"],
      };
  } else {
    problems.push({
      setting: "JWT_HS256_SECRET",
      message: `one of JWT_HS256_SECRET or JWT_JWKS_URL is required in ${e.ENVIRONMENT}`,
    });
  }

  if (e.BULK_MAX_BODY_BYTES < e.MAX_BODY_BYTES) {
    problems.push({ setting: "BULK_MAX_BODY_BYTES", message: "must not be smaller than MAX_BODY_BYTES" });
  }

  if (problems.length > 0 || !db || !jwt) throw new ConfigError(problems);
  return {
    environment: e.ENVIRONMENT,
    db,
    jwt,
    logLevel: e.LOG_LEVEL,
    maxBodyBytes: e.MAX_BODY_BYTES,
    bulkMaxBodyBytes: e.BULK_MAX_BODY_BYTES,
    rateLimiter: e.RATE_LIMITER as DurableObjectNamespace,
    queues: { scrapeJobs: (e.SCRAPE_JOBS as Queue) ?? null, embedJobs: (e.EMBED_JOBS as Queue) ?? null },
    scraping: {
      ...(e.SCRAPER_STALE_JOB_SECONDS !== undefined ? { staleJobSeconds: e.SCRAPER_STALE_JOB_SECONDS } : {}),
      ...(e.SCRAPER_SCHEDULE_SPREAD_SECONDS !== undefined
        ? { scheduleSpreadSeconds: e.SCRAPER_SCHEDULE_SPREAD_SECONDS }
        : {}),
    },
  };
}

// Workers hand the same `env` object to every request of an isolate: cache by identity so validation runs once.
/** Validated configuration for this `env`, computed once per isolate (errors are cached too). */
export const loadConfig: (env: Env) => Config = perEnv(parseConfig, (err) => err instanceof ConfigError);
