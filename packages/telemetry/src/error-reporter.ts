import { Toucan } from "toucan-js";
import { rawFetch } from "./exporter";
import { REDACTED, scrubString, scrubValue } from "./scrub";
import type { ErrorReportingSettings } from "./settings";

/** Request headers an error event may carry (everything else, Authorization and Cookie included, is left out). */
export const ALLOWED_HEADERS = ["user-agent", "content-type", "content-length", "accept", "x-request-id"];
/** Query parameters whose names suggest a credential are never sent (the rest are scrubbed anyway). */
const SAFE_SEARCH_PARAM = /^(?!.*(?:token|key|secret|pass|sig|auth|code|session|jwt|email|ip)).+$/i;

/** Context attached to every event of this scope: ids only, never personal data. */
export type ReportTags = Record<string, string | number | boolean | null | undefined>;

type SentryEvent = Record<string, unknown> & {
  request?: Record<string, unknown>;
  user?: unknown;
  breadcrumbs?: unknown;
};

/**
 * The last line of defence before an event leaves: no user, no cookies, no credentials in headers,
 * query strings or the URL, and every string scrubbed of e-mail addresses, IPs, tokens and keys.
 */
export function scrubEvent<E extends SentryEvent>(event: E): E {
  const out = scrubValue(event) as E;
  delete out.user;
  const req = out.request;
  if (req) {
    delete req.cookies;
    delete req.env;
    delete req.data;
    if (typeof req.url === "string") req.url = scrubString(req.url.replace(/[?#].*$/, ""));
    if (typeof req.query_string === "string" || typeof req.query_string === "object")
      req.query_string = scrubValue(req.query_string);
    const headers = req.headers as Record<string, unknown> | undefined;
    if (headers)
      for (const name of Object.keys(headers))
        if (!ALLOWED_HEADERS.includes(name.toLowerCase())) headers[name] = REDACTED;
  }
  return out;
}

/**
 * One Toucan (Sentry SDK for Workers) per invocation, sending through the runtime's own fetch (so the
 * report is not traced) and extending the invocation with waitUntil.
 */
export function createErrorReporter(
  settings: ErrorReportingSettings,
  opts: { service: string; ctx: { waitUntil(p: Promise<unknown>): void }; request?: Request },
): Toucan {
  const toucan = new Toucan({
    dsn: settings.dsn,
    environment: settings.environment,
    ...(settings.release ? { release: settings.release } : {}),
    context: opts.ctx,
    ...(opts.request ? { request: opts.request } : {}),
    requestDataOptions: {
      allowedHeaders: ALLOWED_HEADERS,
      allowedCookies: false,
      allowedSearchParams: SAFE_SEARCH_PARAM,
      allowedIps: false,
    },
    sendDefaultPii: false,
    transportOptions: { fetcher: rawFetch },
    beforeSend: (event) => scrubEvent(event as unknown as SentryEvent) as unknown as typeof event,
    beforeBreadcrumb: (crumb) => scrubValue(crumb),
  });
  toucan.setTag("service", opts.service);
  return toucan;
}

/** Tags as Sentry wants them (strings; empty values left out). */
export function sentryTags(tags: ReportTags): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    if (v === undefined || v === null || v === "") continue;
    out[k] = scrubString(String(v)).slice(0, 200);
  }
  return out;
}
