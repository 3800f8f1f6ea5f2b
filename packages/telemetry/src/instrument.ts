import {
  context as contextApi,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";
import { beginInvocation, type Invocation, reportError, withInvocation, withTags } from "./invocation";
import { ensureFetchInstrumentation } from "./outbound-fetch";
import { tracedEnv } from "./queue-tracing";
import type { TelemetryEnv } from "./settings";
import { parseTraceparent } from "./traceparent";

export interface InstrumentOptions {
  /** The Worker's service name (span resource `service.name`, error tag `service`), e.g. forecourt-api. */
  service: string;
}

type Ctx = ExecutionContext;

/**
 * Runs one invocation under telemetry: a root span (continuing `remoteParent` when given) active while
 * `fn` runs, the env's queue producers traced, an error escaping `fn` reported once and rethrown, and the
 * spans exported through waitUntil afterwards. Without configured telemetry it is exactly `fn(env)`.
 */
async function run<E extends object, T>(
  env: E,
  ctx: Ctx,
  service: string,
  root: { name: string; kind: SpanKind; attributes: Record<string, string | number | boolean> },
  fn: (env: E, inv: Invocation | null) => Promise<T>,
  opts: { request?: Request; remoteParent?: string | null; tags?: Record<string, string | number> } = {},
): Promise<T> {
  const inv = beginInvocation(env as TelemetryEnv, service, ctx, opts.request);
  if (!inv) return fn(env, null);
  if (inv.tracer) ensureFetchInstrumentation();
  const innerEnv = inv.tracer ? tracedEnv(env) : env;
  let base = withTags(withInvocation(ROOT_CONTEXT, inv), opts.tags ?? {});
  const remote = inv.tracer ? parseTraceparent(opts.remoteParent) : null;
  if (remote) base = trace.setSpanContext(base, remote);
  const tracer = inv.tracer;
  try {
    if (!tracer) {
      return await contextApi.with(base, async () => {
        try {
          return await fn(innerEnv, inv);
        } catch (err) {
          reportError(err);
          throw err;
        }
      });
    }
    return await tracer.startActiveSpan(
      root.name,
      { kind: root.kind, attributes: root.attributes },
      base,
      async (span: Span) => {
        inv.root = span;
        try {
          return await fn(innerEnv, inv);
        } catch (err) {
          reportError(err);
          throw err;
        } finally {
          span.end();
        }
      },
    );
  } finally {
    ctx.waitUntil(inv.flush());
  }
}

/**
 * Wraps a Worker's handlers (fetch, queue, scheduled) with tracing and error reporting as configured by
 * its env (see settings.ts). Other handlers pass through untouched.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Worker's handler object; its own type is returned as is.
export function instrumentWorker<H extends ExportedHandler<any, any, any>>(
  handler: H,
  opts: InstrumentOptions,
): H {
  type E = object;
  const out: ExportedHandler<E> = { ...(handler as ExportedHandler<E>) };
  const { service } = opts;
  const fetchHandler = (handler as ExportedHandler<E>).fetch;
  if (fetchHandler) {
    out.fetch = (request, env, ctx) => {
      const url = new URL(request.url);
      return run(
        env,
        ctx,
        service,
        {
          name: request.method,
          kind: SpanKind.SERVER,
          attributes: {
            "http.request.method": request.method,
            "url.scheme": url.protocol.replace(":", ""),
            "url.path": url.pathname,
          },
        },
        async (e, inv) => {
          const res = await fetchHandler(request as never, e, ctx);
          const span = inv?.root;
          if (span) {
            span.setAttribute("http.response.status_code", res.status);
            if (res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          }
          return res;
        },
        { request, remoteParent: request.headers.get("traceparent") },
      );
    };
  }
  const queueHandler = (handler as ExportedHandler<E>).queue;
  if (queueHandler) {
    out.queue = (batch, env, ctx) =>
      run(
        env,
        ctx,
        service,
        {
          name: `consume ${batch.queue}`,
          kind: SpanKind.CONSUMER,
          attributes: {
            "messaging.system": "cloudflare_queues",
            "messaging.destination.name": batch.queue,
            "messaging.operation.type": "receive",
            "messaging.batch.message_count": batch.messages.length,
          },
        },
        (e) => queueHandler(batch, e, ctx) as Promise<void>,
        { tags: { queue: batch.queue } },
      );
  }
  const scheduledHandler = (handler as ExportedHandler<E>).scheduled;
  if (scheduledHandler) {
    out.scheduled = (controller, env, ctx) =>
      run(
        env,
        ctx,
        service,
        {
          name: `cron ${controller.cron}`,
          kind: SpanKind.SERVER,
          attributes: {
            "faas.trigger": "timer",
            "faas.cron": controller.cron,
            "faas.time": new Date(controller.scheduledTime).toISOString(),
          },
        },
        (e) => scheduledHandler(controller, e, ctx) as Promise<void>,
        { tags: { cron: controller.cron } },
      );
  }
  return out as H;
}
