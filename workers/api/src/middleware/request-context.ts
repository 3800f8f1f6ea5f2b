import { type LogLevel, loadConfig } from "@forecourt/config";
import { recordRequest } from "@forecourt/observability";
import { newId } from "@forecourt/services";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { HonoEnv } from "../env";
import { createLogger } from "../lib/logger";
import { beginMetrics, flushMetrics } from "../metrics/client";

/** An incoming X-Request-Id is kept when it looks like an id (so callers can correlate); otherwise one is made. */
export const REQUEST_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,127}$/;

function logLevel(env: HonoEnv["Bindings"]): LogLevel {
  try {
    return loadConfig(env).logLevel;
  } catch {
    return "info";
  }
}

/**
 * First middleware: request id (header on every response), a request-scoped logger, one access log
 * line per request — method, route, status, duration, request id, dealership, principal kind (never the
 * token or key; the logger redacts anything credential-shaped anyway) — and the request's metrics
 * (count and latency by route template and status, 429s), flushed to the aggregator after the response.
 */
export function requestContext(): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const started = Date.now();
    const incoming = c.req.header("x-request-id");
    const requestId = incoming && REQUEST_ID_RE.test(incoming) ? incoming : newId("req");
    c.set("requestId", requestId);
    const logger = createLogger(logLevel(c.env), { requestId });
    c.set("logger", logger);
    c.header("X-Request-Id", requestId);
    beginMetrics(c.env);
    await next();
    if (!c.res.headers.has("X-Request-Id")) {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("X-Request-Id", requestId);
    }
    const matched = routePath(c, -1);
    const route = matched.endsWith("*") ? "(unmatched)" : matched;
    const principal = c.get("principal");
    const durationMs = Date.now() - started;
    recordRequest({
      route,
      method: c.req.method,
      status: c.res.status,
      durationMs,
      principal: principal?.kind ?? "anonymous",
    });
    waitUntil(c, flushMetrics(c.env));
    logger.info("request", {
      method: c.req.method,
      route,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      durationMs,
      dealershipId: c.get("dealershipId") ?? null,
      principal: principal?.kind ?? "anonymous",
      role: principal?.kind === "user" ? principal.role : undefined,
      keyId: principal?.kind === "api_key" ? principal.keyId : undefined,
    });
  };
}

/** ctx.waitUntil when the request has an execution context (app.request() in tests may not). */
function waitUntil(c: Context<HonoEnv>, p: Promise<unknown>): void {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  if (ctx) ctx.waitUntil(p.catch(() => {}));
  else p.catch(() => {});
}
