import { type AiConfig, ConfigError, parseAiSettings, perEnv } from "@forecourt/config";
import type { RepositoryOptions } from "@forecourt/db";
import type { BackoffPolicy } from "@forecourt/services";
import { z } from "zod";
import type { EmbedderEnv } from "./env";

/**
 * The embedder Worker's configuration, validated once per isolate from its bindings and vars (see
 * workers/embedder/wrangler.toml): the database, the embed-jobs producer, retry policy and batch sizes,
 * and the AI settings shared with the API (packages/config `parseAiSettings`). A bad setting fails every
 * message with a log line naming it (the messages are retried, then dead-lettered, never lost).
 */
export interface EmbedderConfig {
  environment: "development" | "test" | "staging" | "production";
  db: RepositoryOptions;
  ai: AiConfig;
  queue: Queue;
  backoff: BackoffPolicy;
  batchSize: number;
  pageSize: number;
  migrationBatchSize: number;
  logLevel: "debug" | "info" | "warn" | "error";
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
  EMBEDDER_RETRY_BASE_SECONDS: int(0, 3600, 10),
  EMBEDDER_RETRY_MAX_SECONDS: int(0, 43_200, 900),
  EMBEDDER_BATCH_SIZE: int(1, 2048, 96),
  EMBEDDER_PAGE_SIZE: int(1, 500, 100),
  VECTOR_MIGRATION_BATCH_SIZE: int(1, 1000, 200),
});

export function parseEmbedderConfig(env: EmbedderEnv): EmbedderConfig {
  const parsed = Vars.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({ setting: String(i.path[0] ?? "env"), message: i.message })),
      "embedder",
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
  if (!env.EMBED_JOBS || typeof env.EMBED_JOBS.send !== "function")
    problems.push({
      setting: "EMBED_JOBS",
      message: "the embed-jobs producer binding is required (fan-out)",
    });
  if (v.EMBEDDER_RETRY_MAX_SECONDS < v.EMBEDDER_RETRY_BASE_SECONDS)
    problems.push({
      setting: "EMBEDDER_RETRY_MAX_SECONDS",
      message: "must not be smaller than EMBEDDER_RETRY_BASE_SECONDS",
    });
  const ai = parseAiSettings(env, v.ENVIRONMENT);
  problems.push(...ai.problems);
  if (problems.length > 0 || !db || !ai.config || !env.EMBED_JOBS)
    throw new ConfigError(problems, "embedder");
  return {
    environment: v.ENVIRONMENT,
    db,
    ai: ai.config,
    queue: env.EMBED_JOBS,
    backoff: { baseSeconds: v.EMBEDDER_RETRY_BASE_SECONDS, maxSeconds: v.EMBEDDER_RETRY_MAX_SECONDS },
    batchSize: v.EMBEDDER_BATCH_SIZE,
    pageSize: v.EMBEDDER_PAGE_SIZE,
    migrationBatchSize: v.VECTOR_MIGRATION_BATCH_SIZE,
    logLevel: v.LOG_LEVEL,
  };
}

/** Validated configuration for this env, once per isolate (errors cached too). */
export const loadEmbedderConfig: (env: EmbedderEnv) => EmbedderConfig = perEnv(
  parseEmbedderConfig,
  (err) => err instanceof ConfigError,
);
