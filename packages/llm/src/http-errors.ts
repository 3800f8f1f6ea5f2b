import { LlmError, type LlmErrorCode } from "./types";

/**
 * Vendor HTTP failures -> LlmError, shared by the OpenAI and Anthropic adapters (both SDKs expose status,
 * headers and the parsed error body). The vendor's own error type wins over the bare status where it says
 * more (Anthropic `overloaded_error` on 529, OpenAI `insufficient_quota` on 429 is not worth retrying).
 */
export function codeForStatus(status: number | null | undefined, vendorType?: string | null): LlmErrorCode {
  // The status decides where it is unambiguous (OpenAI sends type "server_error" on 503, and
  // "invalid_request_error" on 401); the vendor's type refines the rest.
  if (vendorType === "overloaded_error" || status === 529 || status === 503) return "overloaded";
  if (status === 429 || vendorType === "rate_limit_error") return "rate_limited";
  if (
    status === 401 ||
    status === 403 ||
    vendorType === "authentication_error" ||
    vendorType === "permission_error"
  ) {
    return "unauthorized";
  }
  if (status === 408) return "timeout";
  if (status !== null && status !== undefined && status >= 500) return "server_error";
  if (status !== null && status !== undefined && status >= 400) return "bad_request";
  if (
    vendorType === "invalid_request_error" ||
    vendorType === "not_found_error" ||
    vendorType === "request_too_large"
  ) {
    return "bad_request";
  }
  // No status: an error event inside a 200 stream (api_error, server_error, unknown).
  return "server_error";
}

/** Retry-After as milliseconds: `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined | null, now = Date.now()): number | null {
  if (!headers || typeof headers.get !== "function") return null;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)))
    return Math.max(0, Math.round(Number(ms)));
  const ra = headers.get("retry-after");
  if (ra === null || ra.trim() === "") return null;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.max(0, Math.round(Number(ra) * 1000));
  const date = Date.parse(ra);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface SdkApiErrorLike {
  status?: number | undefined;
  headers?: Headers | undefined;
  error?: unknown;
  message: string;
  name: string;
}

/** Maps an SDK APIError (status/headers/body) to LlmError; the vendor message is kept, the key never is. */
export function fromSdkError(
  provider: string,
  err: SdkApiErrorLike,
  vendorType: string | null,
  vendorCode?: string | null,
): LlmError {
  const status = typeof err.status === "number" ? err.status : null;
  const code = codeForStatus(status, vendorType);
  let retryable: boolean | undefined;
  if (vendorCode === "insufficient_quota") retryable = false;
  const detail = err.message.replace(/\s+/g, " ").slice(0, 300);
  return new LlmError(
    provider,
    code,
    `${provider}: ${describe(code)}${status ? ` (HTTP ${status})` : ""}: ${detail}`,
    {
      status,
      retryAfterMs: retryAfterMs(err.headers),
      cause: err,
      ...(retryable === undefined ? {} : { retryable }),
    },
  );
}

export function describe(code: LlmErrorCode): string {
  switch (code) {
    case "rate_limited":
      return "rate limited";
    case "overloaded":
      return "provider overloaded";
    case "server_error":
      return "provider error";
    case "timeout":
      return "timed out";
    case "bad_request":
      return "request rejected";
    case "unauthorized":
      return "not authorized (check the API key)";
    case "invalid_response":
      return "unreadable response";
    case "stream_interrupted":
      return "stream interrupted";
    case "circuit_open":
      return "circuit open";
    case "budget_exceeded":
      return "budget exceeded";
    case "unsupported":
      return "unsupported";
  }
}
