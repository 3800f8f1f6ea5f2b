import { redact, redactString } from "./redact";

/**
 * The one structured logger of every Worker and Durable Object: JSON lines, levels by configuration
 * (LOG_LEVEL), a correlation id carried in the bound fields (requestId; jobId/messageId in consumers),
 * and every line passed through the redaction layer (./redact) before it is written — so a secret that
 * reaches a log call by mistake (a header, an error message, a URL) is masked, not written.
 *
 * Line shape: {"level","time","msg", ...bound fields, ...call fields}. Reserved keys (level/time/msg)
 * cannot be overwritten by fields.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error"];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
  readonly level: LogLevel;
}

/** Where lines go: console by default (Workers Logs / Logpush read it), a function in tests. */
export type LogSink = (level: LogLevel, line: string) => void;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export const consoleSink: LogSink = (level, line) => {
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
};

/** Parses LOG_LEVEL leniently (unknown or empty → fallback). Strict validation lives in the configs. */
export function parseLogLevel(value: unknown, fallback: LogLevel = "info"): LogLevel {
  const v = typeof value === "string" ? value.trim().toLowerCase() : "";
  return (LOG_LEVELS as readonly string[]).includes(v) ? (v as LogLevel) : fallback;
}

export interface LoggerOptions {
  sink?: LogSink;
  now?: () => Date;
}

export function createLogger(
  level: LogLevel = "info",
  base: Record<string, unknown> = {},
  opts: LoggerOptions = {},
): Logger {
  const min = RANK[level] ?? RANK.info;
  const sink = opts.sink ?? consoleSink;
  const now = opts.now ?? (() => new Date());
  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[lvl] < min) return;
    let line: string;
    try {
      const body = redact({ ...base, ...fields }) as Record<string, unknown>;
      const head = { level: lvl, time: now().toISOString(), msg: redactString(String(msg)) };
      line = JSON.stringify(Object.assign({ ...head }, body, head));
    } catch (err) {
      // Never let logging throw into the caller; say what could not be logged (redacted).
      line = JSON.stringify({
        level: lvl,
        time: now().toISOString(),
        msg: redactString(String(msg)),
        logError: redactString(String(err)),
      });
    }
    sink(lvl, line);
  };
  return {
    level,
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, opts),
  };
}

/** Error fields for logs: name, message, stack (server-side only; redacted by the logger). */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { errorName: err.name, errorMessage: err.message, stack: err.stack };
  return { errorMessage: String(err) };
}
