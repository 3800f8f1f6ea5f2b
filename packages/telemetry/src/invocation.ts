import {
  type Attributes,
  type Context,
  context as contextApi,
  createContextKey,
  type Span,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import type { Toucan } from "toucan-js";
import { ensureContextManager } from "./context-manager";
import { createErrorReporter, type ReportTags, sentryTags } from "./error-reporter";
import { exportSpans } from "./exporter";
import { parseTelemetrySettings, type TelemetryEnv, type TelemetrySettings } from "./settings";
import { InvocationTracer } from "./tracer";

/**
 * The telemetry of one Worker invocation (a request, a queue batch, a cron tick): its tracer (null when
 * tracing is off), its error reporter (null when reporting is off) and the ids that describe it. It lives
 * in the active OpenTelemetry context, so code anywhere below the handler reaches it (`currentInvocation`).
 */
export interface Invocation {
  service: string;
  settings: TelemetrySettings;
  tracer: InvocationTracer | null;
  reporter: Toucan | null;
  /** The invocation's root span (request, batch, tick). */
  root: Span | null;
  /** Exports the finished spans (call through waitUntil). */
  flush(): Promise<void>;
}

const INVOCATION = createContextKey("forecourt.telemetry.invocation");
const TAGS = createContextKey("forecourt.telemetry.tags");

export function currentInvocation(ctx: Context = contextApi.active()): Invocation | undefined {
  return ctx.getValue(INVOCATION) as Invocation | undefined;
}

export function withInvocation(ctx: Context, inv: Invocation): Context {
  return ctx.setValue(INVOCATION, inv);
}

/** The report tags of the active context (request id, route, dealership, job, queue, attempt, …). */
export function currentTags(ctx: Context = contextApi.active()): ReportTags {
  return (ctx.getValue(TAGS) as ReportTags | undefined) ?? {};
}

/** A context whose report tags are the current ones plus `tags`. */
export function withTags(ctx: Context, tags: ReportTags): Context {
  return ctx.setValue(TAGS, { ...currentTags(ctx), ...tags });
}

const settingsCache = new WeakMap<object, Map<string, TelemetrySettings>>();

/** Settings of this env for this service, parsed once per isolate; problems are logged once. */
export function settingsFor(env: TelemetryEnv, service: string): TelemetrySettings {
  let byService = settingsCache.get(env);
  if (!byService) {
    byService = new Map();
    settingsCache.set(env, byService);
  }
  let settings = byService.get(service);
  if (!settings) {
    settings = parseTelemetrySettings(env, service);
    byService.set(service, settings);
    if (settings.problems.length > 0)
      console.error(
        JSON.stringify({
          level: "error",
          msg: "invalid telemetry configuration; the feature concerned is off",
          worker: service,
          problems: settings.problems,
        }),
      );
  }
  return settings;
}

/** Starts an invocation's telemetry, or null when neither tracing nor error reporting is configured. */
export function beginInvocation(
  env: TelemetryEnv,
  service: string,
  ctx: { waitUntil(p: Promise<unknown>): void },
  request?: Request,
): Invocation | null {
  const settings = settingsFor(env, service);
  if (!settings.tracing && !settings.errors) return null;
  ensureContextManager();
  const tracing = settings.tracing;
  const tracer = tracing ? new InvocationTracer(tracing.ratio) : null;
  const resource: Attributes = tracing
    ? {
        "service.name": tracing.serviceName,
        "service.namespace": "forecourt",
        "deployment.environment.name": settings.environment,
        "cloud.provider": "cloudflare",
        "cloud.platform": "cloudflare.workers",
        "telemetry.sdk.name": "@forecourt/telemetry",
        "telemetry.sdk.language": "js",
      }
    : {};
  return {
    service,
    settings,
    tracer,
    reporter: settings.errors ? createErrorReporter(settings.errors, { service, ctx, request }) : null,
    root: null,
    async flush() {
      if (!tracer || !tracing) return;
      tracer.endOpen();
      await exportSpans(tracer.drain(), { endpoint: tracing.endpoint, headers: tracing.headers, resource });
    },
  };
}

/**
 * True for an error thrown by the code of a Durable Object (or another Worker) and received through RPC or
 * a stub's fetch: workerd sets `remote: true` on it. Every Durable Object of ours reports its own errors
 * (instrumentDurableObject, with the object's context), so the caller does not report them a second time.
 */
export function isRemoteError(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { remote?: unknown }).remote === true;
}

/**
 * Reports `err` to the error reporter with the active context's tags (plus `tags`), and marks the active
 * span as failed. Returns the event id, or null when reporting is off or `err` is a remote error (reported
 * where it was thrown, see isRemoteError). Safe to call anywhere.
 */
export function reportError(err: unknown, tags: ReportTags = {}): string | null {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    span.recordException(err instanceof Error ? err : String(err));
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  }
  if (isRemoteError(err)) return null;
  const inv = currentInvocation();
  if (!inv?.reporter) return null;
  const all = sentryTags({ ...currentTags(), ...tags });
  const spanContext = span?.spanContext();
  return inv.reporter.withScope((scope) => {
    scope.setTags(all);
    scope.setLevel("error");
    if (spanContext && trace.isSpanContextValid(spanContext))
      scope.setContext("trace", { trace_id: spanContext.traceId, span_id: spanContext.spanId });
    return scope.captureException(err);
  });
}
