import type { Attributes } from "@opentelemetry/api";
import { encodeTraces } from "./otlp-json";
import type { RecordingSpan } from "./span";

/** The runtime's fetch before any instrumentation: telemetry's own requests are never traced. */
export const rawFetch: typeof fetch = globalThis.fetch.bind(globalThis);

export const EXPORT_TIMEOUT_MS = 5_000;

/**
 * Sends spans to an OTLP/HTTP collector as JSON (POST {endpoint}, Content-Type application/json).
 * Never throws: a collector outage costs a warning line (without the headers, which hold credentials).
 */
export async function exportSpans(
  spans: RecordingSpan[],
  opts: { endpoint: string; headers: Record<string, string>; resource: Attributes },
): Promise<boolean> {
  if (spans.length === 0) return true;
  try {
    const res = await rawFetch(opts.endpoint, {
      method: "POST",
      headers: { ...opts.headers, "content-type": "application/json", accept: "application/json" },
      body: encodeTraces(spans, opts.resource),
      signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) {
      console.warn(
        JSON.stringify({
          level: "warn",
          msg: "trace export rejected",
          status: res.status,
          spans: spans.length,
        }),
      );
      return false;
    }
    return true;
  } catch (err) {
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "trace export failed",
        errorMessage: String((err as Error)?.message ?? err),
        spans: spans.length,
      }),
    );
    return false;
  }
}
