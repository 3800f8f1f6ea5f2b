import {
  type Context,
  context as contextApi,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanOptions,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from "@opentelemetry/api";
import { RecordingSpan, toMillis } from "./span";
import { newSpanId, newTraceId } from "./traceparent";

/**
 * The tracer of ONE Worker invocation (request, queue batch, cron tick): it starts spans, decides
 * sampling (parent-based: a remote or local parent's decision is followed; new traces are sampled at
 * `ratio`, by trace id so every Worker of a trace agrees), and keeps the finished spans until the
 * invocation flushes them to the exporter.
 */
export class InvocationTracer implements Tracer {
  private readonly finished: RecordingSpan[] = [];
  private readonly open = new Set<RecordingSpan>();

  constructor(
    readonly ratio: number,
    /** Upper bound of spans kept per invocation (beyond it, spans are counted as dropped). */
    private readonly maxSpans = 2000,
  ) {}

  dropped = 0;

  /** Whether a new trace with this id is sampled. */
  sampleNew(traceId: string): boolean {
    if (this.ratio >= 1) return true;
    if (this.ratio <= 0) return false;
    // The trace id's last 8 hex digits as a fraction: deterministic per trace across Workers.
    return Number.parseInt(traceId.slice(-8), 16) / 0x1_0000_0000 < this.ratio;
  }

  startSpan(name: string, options: SpanOptions = {}, ctx: Context = contextApi.active()): Span {
    const parent: SpanContext | undefined = options.root ? undefined : trace.getSpanContext(ctx);
    const valid = parent && trace.isSpanContextValid(parent);
    const traceId = valid ? parent.traceId : newTraceId();
    const sampled = valid
      ? (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED
      : this.sampleNew(traceId);
    const spanContext: SpanContext = {
      traceId,
      spanId: newSpanId(),
      traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    };
    if (!sampled || this.finished.length + this.open.size >= this.maxSpans) {
      if (sampled) this.dropped++;
      // Not recorded, but its context still propagates (so downstream Workers follow the decision).
      return trace.wrapSpanContext(spanContext);
    }
    const span = new RecordingSpan(
      name,
      spanContext,
      options.kind ?? SpanKind.INTERNAL,
      valid ? parent.spanId : undefined,
      toMillis(options.startTime),
      options.attributes,
      options.links,
      (s) => {
        this.open.delete(s);
        this.finished.push(s);
      },
    );
    this.open.add(span);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    a?: SpanOptions | F,
    b?: Context | F,
    c?: F,
  ): ReturnType<F> {
    const fn = (c ?? b ?? a) as F;
    const options = typeof a === "object" ? a : {};
    const parentCtx = typeof b === "object" ? b : contextApi.active();
    const span = this.startSpan(name, options, parentCtx);
    return contextApi.with(trace.setSpan(parentCtx, span), fn as (s: Span) => ReturnType<F>, undefined, span);
  }

  /** The spans finished since the last call (handed to the exporter). */
  drain(): RecordingSpan[] {
    return this.finished.splice(0, this.finished.length);
  }

  /** Ends spans still open (e.g. the handler threw past them), marked as such. */
  endOpen(): void {
    for (const span of [...this.open]) {
      span.setAttribute("forecourt.span.unfinished", true);
      span.end();
    }
  }
}

/**
 * Runs `fn` inside a new active span: ERROR status and an exception event if it throws (rethrown),
 * ended either way. Works for sync and async `fn`.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
  parent?: Context,
): Promise<T> {
  return tracer.startActiveSpan(name, options, parent ?? contextApi.active(), async (span: Span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.message ?? String(err) });
      throw err;
    } finally {
      span.end();
    }
  });
}
