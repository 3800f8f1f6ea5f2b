import { type LogLevel, loadConfig } from "@forecourt/config";
import { newId } from "@forecourt/services";
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import type { HonoEnv } from "../env";
import { createLogger } from "../lib/logger";

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
 * First middleware: request id (header on every response), a request-scoped logger, and one access log
 * line per request — method, route, status, duration, request id, dealership, principal kind. Never the
 * token or key.
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
    await next();
    if (!c.res.headers.has("X-Request-Id")) {
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set("X-Request-Id", requestId);
    }
    const route = routePath(c, -1);
    const principal = c.get("principal");
    logger.info("request", {
      method: c.req.method,
      route: route.endsWith("*") ? "(unmatched)" : route,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      durationMs: Date.now() - started,
      dealershipId: c.get("dealershipId") ?? null,
      principal: principal?.kind ?? "anonymous",
      role: principal?.kind === "user" ? principal.role : undefined,
      keyId: principal?.kind === "api_key" ? principal.keyId : undefined,
    });
  };
}
