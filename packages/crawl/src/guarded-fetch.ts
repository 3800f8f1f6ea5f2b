import {
  type BodyExpectation,
  decodeBody,
  looksLikeHtml,
  mediaType,
  readBounded,
  refuseByContentType,
  sniffBinary,
} from "./body.ts";
import { checkUrlWithDns, type SsrfRefusalCode } from "./ssrf/check.ts";
import type { SsrfPolicy } from "./ssrf/policy.ts";
import type { Resolver } from "./ssrf/resolve.ts";
import { DEFAULT_USER_AGENT } from "./user-agent.ts";

/**
 * `guardedFetch`: the only way the crawler touches the network.
 *
 * - every URL, the first and each redirect target, goes through the SSRF guard (URL check + DNS answers);
 * - redirects are followed by hand (`redirect: "manual"`), relative Locations resolved against the hop,
 *   loops and over-long chains stopped;
 * - each request has a timeout covering headers AND body, and the whole call an overall deadline, so a
 *   slow-loris server dripping bytes cannot hold a crawler slot;
 * - the body is read from the stream up to `maxBytes` and the stream cancelled past it (Content-Length is
 *   only used to refuse early, never trusted to be small);
 * - binary bodies are refused by Content-Type and by sniffing the bytes; text is decoded with the charset
 *   from the BOM, the header or a <meta> tag, falling back to UTF-8 on an unknown label;
 * - it never throws for anything the network or the server does: it returns a typed error result.
 */

export type FetchErrorCode =
  | "ssrf_refused"
  | "timeout"
  | "too_large"
  | "too_many_redirects"
  | "redirect_loop"
  | "http_error"
  | "network_error"
  | "not_html"
  | "robots_disallowed";

export interface FetchSuccess {
  ok: true;
  status: number;
  /** The final URL, after redirects (without fragment). */
  url: string;
  body: string;
  /** Body bytes received (after any content decoding by the runtime). */
  bytes: number;
  contentType: string;
  /** The encoding used to decode the body, and where it came from. */
  charset: string;
  charsetSource: "bom" | "header" | "meta" | "default" | "fallback";
  /** Each redirect target in order (empty when there was no redirect). */
  redirects: string[];
  /** True when the body was cut at maxBytes (only with `onTooLarge: "truncate"`). */
  truncated: boolean;
  headers: Headers;
  elapsedMs: number;
}

export interface FetchFailure {
  ok: false;
  code: FetchErrorCode;
  message: string;
  /** The URL being fetched (or refused) when it failed. */
  url: string;
  /** HTTP status, when a response was received. */
  status?: number;
  redirects: string[];
  /** For `ssrf_refused`: which check refused it. */
  ssrfCode?: SsrfRefusalCode;
  /** Bytes received before it failed, when a body was being read. */
  bytes?: number;
  elapsedMs: number;
}

export type GuardedFetchResult = FetchSuccess | FetchFailure;

/** Optional robots.txt gate, checked for the first URL and every redirect target. */
export interface RobotsGate {
  isAllowed(url: string): Promise<boolean>;
}

export interface GuardedFetchOptions {
  policy: SsrfPolicy;
  resolver: Resolver;
  /** Injected fetch (tests, service bindings). Default: the global fetch. */
  fetch?: typeof fetch;
  /** Redirects to follow before giving up. Default 5. */
  maxRedirects?: number;
  /** Budget of each request (one hop), headers and body together. Default 15 s. */
  timeoutMs?: number;
  /** Budget of the whole call, all hops and bodies. Default 2 × timeoutMs. */
  deadlineMs?: number;
  /** Largest body accepted. Default 5 MiB. */
  maxBytes?: number;
  /** What to do past maxBytes: fail with `too_large` (default) or keep the first maxBytes. */
  onTooLarge?: "error" | "truncate";
  userAgent?: string;
  accept?: string;
  /** "html" (default): only HTML is accepted. "text": any non-binary text (robots.txt, sitemaps). */
  expect?: BodyExpectation;
  /** Caller cancellation (e.g. the job's own budget). */
  signal?: AbortSignal;
  robots?: RobotsGate;
  /** Clock (tests). */
  now?: () => number;
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_REDIRECTS = 5;
export const ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1";
export const ACCEPT_TEXT = "text/plain,text/*;q=0.9,*/*;q=0.1";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : "";
    return `${err.message}${causeText}`;
  }
  return String(err);
}

function cancelBody(res: Response): void {
  try {
    res.body?.cancel().catch(() => {});
  } catch {
    // already locked or consumed: nothing to release
  }
}

/** Settle with `promise`, or with "timeout" after `ms` (the promise is left to settle on its own). */
async function beforeDeadline<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Fetch a URL under the SSRF guard. Never throws; see the module comment. */
export async function guardedFetch(
  url: string | URL,
  options: GuardedFetchOptions,
): Promise<GuardedFetchResult> {
  const now = options.now ?? (() => Date.now());
  const started = now();
  const redirects: string[] = [];
  const failAt =
    (current: string) =>
    (code: FetchErrorCode, message: string, extra: Partial<FetchFailure> = {}): FetchFailure => ({
      ok: false,
      code,
      message,
      url: current,
      redirects: [...redirects],
      elapsedMs: now() - started,
      ...extra,
    });
  try {
    return await run(url, options, now, started, redirects, failAt);
  } catch (err) {
    return failAt(String(url))("network_error", `unexpected failure: ${errorMessage(err)}`);
  }
}

async function run(
  url: string | URL,
  options: GuardedFetchOptions,
  now: () => number,
  started: number,
  redirects: string[],
  failAt: (
    current: string,
  ) => (code: FetchErrorCode, message: string, extra?: Partial<FetchFailure>) => FetchFailure,
): Promise<GuardedFetchResult> {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const maxRedirects = Math.max(0, options.maxRedirects ?? DEFAULT_MAX_REDIRECTS);
  const timeoutMs = Math.max(1, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const deadlineAt = started + Math.max(1, options.deadlineMs ?? timeoutMs * 2);
  const maxBytes = Math.max(0, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const truncate = options.onTooLarge === "truncate";
  const expect = options.expect ?? "html";
  const headers: Record<string, string> = {
    "user-agent": options.userAgent ?? DEFAULT_USER_AGENT,
    accept: options.accept ?? (expect === "html" ? ACCEPT_HTML : ACCEPT_TEXT),
  };
  const visited = new Set<string>();
  let current = typeof url === "string" ? url : url.href;

  for (;;) {
    const fail = failAt(current);
    if (options.signal?.aborted) return fail("network_error", "cancelled by the caller");
    if (now() >= deadlineAt) return fail("timeout", "overall deadline passed before the request could start");

    // The DNS check counts against the overall deadline too (a slow resolver must not stretch the call).
    const check = await beforeDeadline(
      checkUrlWithDns(current, options.policy, options.resolver),
      deadlineAt - now(),
    );
    if (check === "timeout")
      return fail("timeout", "the DNS check did not finish before the overall deadline");
    if (!check.ok) {
      const where = redirects.length > 0 ? ` (redirect hop ${redirects.length})` : "";
      if (check.code === "dns_failed") return fail("network_error", `DNS: ${check.reason}${where}`);
      return fail("ssrf_refused", `refused${where}: ${check.reason}`, { ssrfCode: check.code });
    }
    const target = check.url;
    target.hash = "";
    current = target.href;
    visited.add(current);

    if (options.robots && !(await options.robots.isAllowed(current))) {
      return failAt(current)("robots_disallowed", `robots.txt disallows ${current}`);
    }

    const hopDeadline = Math.min(deadlineAt, now() + timeoutMs);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        controller.abort();
      },
      Math.max(0, hopDeadline - now()),
    );
    const onCallerAbort = () => controller.abort();
    options.signal?.addEventListener("abort", onCallerAbort);
    const hopFail = failAt(current);
    try {
      let res: Response;
      try {
        res = await doFetch(current, {
          method: "GET",
          redirect: "manual",
          headers,
          signal: controller.signal,
        });
      } catch (err) {
        if (timedOut)
          return hopFail(
            "timeout",
            `no response within the time budget (${hopDeadline - started} ms since start)`,
          );
        if (options.signal?.aborted) return hopFail("network_error", "cancelled by the caller");
        return hopFail("network_error", errorMessage(err));
      }

      if ((res.type as string) === "opaqueredirect") {
        return hopFail(
          "network_error",
          "the runtime hid a redirect (opaqueredirect): cannot check its target",
        );
      }
      if (REDIRECT_STATUSES.has(res.status)) {
        cancelBody(res);
        const location = res.headers.get("location");
        if (location === null || location.trim() === "") {
          return hopFail("http_error", `HTTP ${res.status} without a Location header`, {
            status: res.status,
          });
        }
        let next: URL;
        try {
          next = new URL(location, current);
        } catch {
          return hopFail(
            "http_error",
            `HTTP ${res.status} with an invalid Location ${JSON.stringify(location.slice(0, 200))}`,
            {
              status: res.status,
            },
          );
        }
        next.hash = "";
        if (visited.has(next.href)) {
          return hopFail("redirect_loop", `redirect loop: ${current} → ${next.href} was already visited`, {
            status: res.status,
          });
        }
        if (redirects.length >= maxRedirects) {
          return hopFail("too_many_redirects", `more than ${maxRedirects} redirects (next: ${next.href})`, {
            status: res.status,
          });
        }
        redirects.push(next.href);
        current = next.href;
        continue;
      }

      if (res.status < 200 || res.status > 299) {
        cancelBody(res);
        return hopFail("http_error", `HTTP ${res.status}`, { status: res.status });
      }

      const contentType = res.headers.get("content-type");
      const typeRefusal = refuseByContentType(contentType, expect);
      if (typeRefusal) {
        cancelBody(res);
        return hopFail("not_html", typeRefusal, { status: res.status });
      }
      const declared = Number(res.headers.get("content-length") ?? Number.NaN);
      if (!truncate && Number.isFinite(declared) && declared > maxBytes) {
        cancelBody(res);
        return hopFail("too_large", `Content-Length ${declared} exceeds the ${maxBytes}-byte limit`, {
          status: res.status,
        });
      }

      const outcome = await readBounded(res.body, {
        maxBytes,
        deadlineAt: hopDeadline,
        truncate,
        now,
        onAbort: () => controller.abort(),
      });
      if (outcome.kind === "timeout") {
        return hopFail(
          "timeout",
          `body not complete within the time budget (${outcome.bytesRead} bytes received)`,
          {
            status: res.status,
            bytes: outcome.bytesRead,
          },
        );
      }
      if (outcome.kind === "too_large") {
        return hopFail(
          "too_large",
          `body exceeds the ${maxBytes}-byte limit (stopped after ${outcome.bytesRead} bytes)`,
          {
            status: res.status,
            bytes: outcome.bytesRead,
          },
        );
      }
      if (outcome.kind === "error") {
        if (timedOut) {
          return hopFail(
            "timeout",
            `body not complete within the time budget (${outcome.bytesRead} bytes received)`,
            {
              status: res.status,
              bytes: outcome.bytesRead,
            },
          );
        }
        return hopFail("network_error", `reading the body failed: ${errorMessage(outcome.error)}`, {
          status: res.status,
          bytes: outcome.bytesRead,
        });
      }

      const bytes = outcome.bytes;
      const binary = sniffBinary(bytes);
      if (binary) return hopFail("not_html", binary, { status: res.status, bytes: bytes.byteLength });
      const type = mediaType(contentType);
      if (
        expect === "html" &&
        type !== "text/html" &&
        type !== "application/xhtml+xml" &&
        !looksLikeHtml(bytes)
      ) {
        return hopFail(
          "not_html",
          `Content-Type ${JSON.stringify(type || "(none)")} and the body does not look like HTML`,
          {
            status: res.status,
            bytes: bytes.byteLength,
          },
        );
      }
      const decoded = decodeBody(bytes, contentType, expect === "html");
      return {
        ok: true,
        status: res.status,
        url: current,
        body: decoded.text,
        bytes: bytes.byteLength,
        contentType: contentType ?? "",
        charset: decoded.charset,
        charsetSource: decoded.charsetSource,
        redirects: [...redirects],
        truncated: outcome.truncated,
        headers: res.headers,
        elapsedMs: now() - started,
      };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onCallerAbort);
    }
  }
}
