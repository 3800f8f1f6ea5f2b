import { context as contextApi } from "@opentelemetry/api";
import type { Context, MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { currentInvocation, reportError, withTags } from "./invocation";

/** The matched route template (e.g. /v1/dealerships/:id), or "(unmatched)". */
function routeOf(c: Context): string {
  try {
    const route = routePath(c, -1);
    return !route || route.endsWith("*") ? "(unmatched)" : route;
  } catch {
    return "(unmatched)";
  }
}

/** Request ids for error reports and span attributes: never the token, key or any personal data. */
function requestTags(c: Context): Record<string, string | undefined> {
  const get = (k: string) => {
    const v = (c.get as (key: string) => unknown)(k);
    return typeof v === "string" ? v : undefined;
  };
  const principal = (c.get as (key: string) => unknown)("principal") as
    | { kind?: string; role?: string }
    | undefined;
  return {
    requestId: get("requestId"),
    route: routeOf(c),
    method: c.req.method,
    dealershipId: get("dealershipId"),
    principal: principal?.kind ?? "anonymous",
    role: principal?.role,
  };
}

/**
 * API middleware (after the request-context middleware): names the request's server span after its route
 * and records route, status, request id and dealership on it once the response is known. Cheap no-op when
 * telemetry is off.
 */
export function traceRequest(): MiddlewareHandler {
  return async (c, next) => {
    const inv = currentInvocation();
    if (!inv) return next();
    await contextApi.with(withTags(contextApi.active(), { requestId: c.get("requestId") as string }), next);
    const span = inv.root;
    if (!span?.isRecording()) return;
    const tags = requestTags(c);
    span.updateName(`${c.req.method} ${tags.route}`);
    span.setAttributes({
      "http.route": tags.route as string,
      "http.response.status_code": c.res.status,
      ...(tags.requestId ? { "forecourt.request.id": tags.requestId } : {}),
      ...(tags.dealershipId ? { "forecourt.dealership.id": tags.dealershipId } : {}),
      "forecourt.principal.kind": tags.principal as string,
      ...(tags.role ? { "forecourt.principal.role": tags.role } : {}),
    });
  };
}

/**
 * Reports an error the API turned into a 500 (call from app.onError), with the request's ids as tags.
 * Returns the event id, or null when error reporting is off.
 */
export function reportRequestError(c: Context, err: unknown): string | null {
  return reportError(err, requestTags(c));
}
