import {
  type Attributes,
  type AttributeValue,
  type Exception,
  type Link,
  type Span,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  type TimeInput,
} from "@opentelemetry/api";
import { scrubString } from "./scrub";

/** Bounds per span, so one runaway loop cannot build an unbounded export. */
export const SPAN_LIMITS = { attributes: 64, events: 64, links: 16, valueLength: 1024 } as const;

export interface SpanEvent {
  name: string;
  timeMs: number;
  attributes: Attributes;
}

/** Milliseconds since the epoch for an OpenTelemetry TimeInput. */
export function toMillis(t: TimeInput | undefined): number {
  if (t === undefined) return Date.now();
  if (typeof t === "number") return t;
  if (t instanceof Date) return t.getTime();
  return t[0] * 1000 + t[1] / 1e6;
}

function cleanValue(value: AttributeValue): AttributeValue {
  if (typeof value === "string") return scrubString(value, { ips: false }).slice(0, SPAN_LIMITS.valueLength);
  if (Array.isArray(value))
    return value
      .slice(0, 32)
      .map((v) =>
        typeof v === "string" ? scrubString(v, { ips: false }).slice(0, SPAN_LIMITS.valueLength) : v,
      ) as AttributeValue;
  return value;
}

/**
 * A recording span: what it measured is kept until the invocation flushes it to the exporter.
 * String attribute values are scrubbed of secrets and personal data as they are set.
 */
export class RecordingSpan implements Span {
  readonly attributes: Attributes = {};
  readonly events: SpanEvent[] = [];
  readonly links: Link[];
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  endMs: number | null = null;
  droppedAttributes = 0;

  constructor(
    public name: string,
    private readonly context: SpanContext,
    readonly kind: SpanKind,
    readonly parentSpanId: string | undefined,
    readonly startMs: number,
    attributes: Attributes | undefined,
    links: Link[] | undefined,
    private readonly onEnd: (span: RecordingSpan) => void,
  ) {
    this.links = (links ?? []).slice(0, SPAN_LIMITS.links);
    if (attributes) this.setAttributes(attributes);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttribute(key: string, value: AttributeValue): this {
    if (this.endMs !== null || value === undefined || value === null) return this;
    if (!(key in this.attributes) && Object.keys(this.attributes).length >= SPAN_LIMITS.attributes) {
      this.droppedAttributes++;
      return this;
    }
    this.attributes[key] = cleanValue(value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    for (const [k, v] of Object.entries(attributes)) if (v !== undefined) this.setAttribute(k, v);
    return this;
  }

  addEvent(name: string, attributesOrTime?: Attributes | TimeInput, time?: TimeInput): this {
    if (this.endMs !== null || this.events.length >= SPAN_LIMITS.events) return this;
    const isTime =
      typeof attributesOrTime === "number" ||
      attributesOrTime instanceof Date ||
      Array.isArray(attributesOrTime);
    const attrs: Attributes = {};
    if (!isTime && attributesOrTime)
      for (const [k, v] of Object.entries(attributesOrTime as Attributes))
        if (v !== undefined && v !== null) attrs[k] = cleanValue(v);
    this.events.push({
      name,
      timeMs: toMillis(isTime ? (attributesOrTime as TimeInput) : time),
      attributes: attrs,
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.links.length < SPAN_LIMITS.links) this.links.push(link);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const l of links) this.addLink(l);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.endMs !== null) return this;
    // OK is final; ERROR may not be downgraded to UNSET.
    if (this.status.code === SpanStatusCode.OK) return this;
    if (status.code === SpanStatusCode.UNSET) return this;
    this.status = {
      code: status.code,
      ...(status.message ? { message: scrubString(status.message).slice(0, SPAN_LIMITS.valueLength) } : {}),
    };
    return this;
  }

  updateName(name: string): this {
    if (this.endMs === null) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endMs !== null) return;
    this.endMs = Math.max(this.startMs, toMillis(endTime));
    this.onEnd(this);
  }

  isRecording(): boolean {
    return this.endMs === null;
  }

  /** An `exception` event (semantic conventions); the message is scrubbed, the stack kept. */
  recordException(exception: Exception, time?: TimeInput): void {
    const attrs: Attributes = {};
    if (typeof exception === "string") attrs["exception.message"] = exception;
    else {
      const e = exception as { name?: string; message?: string; stack?: string; code?: string | number };
      if (e.name) attrs["exception.type"] = e.name;
      else if (e.code !== undefined) attrs["exception.type"] = String(e.code);
      if (e.message) attrs["exception.message"] = e.message;
      if (e.stack) attrs["exception.stacktrace"] = e.stack;
    }
    this.addEvent("exception", attrs, time);
  }
}

export { SpanKind };
