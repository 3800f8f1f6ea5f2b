import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import { currentInvocation } from "./invocation";
import { safeUrl } from "./scrub";

let installed = false;

/**
 * Traces outbound `fetch` calls made while an invocation is traced: one CLIENT span per call (method,
 * scheme/host/path without query or credentials, status). Installed once per isolate, on the first traced
 * invocation; outside a traced invocation it is the runtime's fetch, untouched. No trace headers are
 * added: every outbound call of ours goes to a third party (dealer sites, LLM and vector vendors).
 */
export function ensureFetchInstrumentation(): void {
  if (installed) return;
  installed = true;
  const original = globalThis.fetch;
  const traced = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const tracer = currentInvocation()?.tracer;
    if (!tracer) return original(input, init);
    const url = input instanceof Request ? input.url : input instanceof URL ? input.href : String(input);
    const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
    let host = "";
    try {
      host = new URL(url).host;
    } catch {}
    return tracer.startActiveSpan(
      `${method} ${host}`,
      {
        kind: SpanKind.CLIENT,
        attributes: { "http.request.method": method, "url.full": safeUrl(url), "server.address": host },
      },
      async (span) => {
        try {
          const res = await original(input, init);
          span.setAttribute("http.response.status_code", res.status);
          if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          return res;
        } catch (err) {
          span.recordException(err as Error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: String((err as Error)?.message ?? err) });
          throw err;
        } finally {
          span.end();
        }
      },
    );
  };
  globalThis.fetch = traced as typeof fetch;
}
