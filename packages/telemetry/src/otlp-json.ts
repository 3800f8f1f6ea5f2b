import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { RecordingSpan } from "./span";

/**
 * OTLP/HTTP JSON encoding of spans (ExportTraceServiceRequest, opentelemetry-proto
 * collector/trace/v1; JSON mapping per the OTLP spec: trace and span ids as lower-case hex, enums as
 * numbers, 64-bit times as decimal strings).
 */

export const SCOPE = { name: "@forecourt/telemetry", version: "1.0.0" } as const;

type AnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: number }
  | { doubleValue: number }
  | { arrayValue: { values: AnyValue[] } };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

function anyValue(v: AttributeValue | null | undefined): AnyValue | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number") return Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
  if (Array.isArray(v)) {
    const values: AnyValue[] = [];
    for (const item of v) {
      const x = anyValue(item as AttributeValue);
      if (x) values.push(x);
    }
    return { arrayValue: { values } };
  }
  return null;
}

export function keyValues(attributes: Attributes): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [key, v] of Object.entries(attributes)) {
    const value = anyValue(v);
    if (value) out.push({ key, value });
  }
  return out;
}

const nanos = (ms: number) => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

/** API SpanKind (INTERNAL=0 … CONSUMER=4) to OTLP's (SPAN_KIND_INTERNAL=1 … SPAN_KIND_CONSUMER=5). */
const otlpKind = (kind: number) => kind + 1;

/** One export request for `spans` of one service. */
export function encodeTraces(spans: RecordingSpan[], resource: Attributes): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: keyValues(resource) },
        scopeSpans: [
          {
            scope: SCOPE,
            spans: spans.map((s) => ({
              traceId: s.spanContext().traceId,
              spanId: s.spanContext().spanId,
              ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
              flags: s.spanContext().traceFlags,
              name: s.name,
              kind: otlpKind(s.kind),
              startTimeUnixNano: nanos(s.startMs),
              endTimeUnixNano: nanos(s.endMs ?? s.startMs),
              attributes: keyValues(s.attributes),
              droppedAttributesCount: s.droppedAttributes,
              events: s.events.map((e) => ({
                timeUnixNano: nanos(e.timeMs),
                name: e.name,
                attributes: keyValues(e.attributes),
              })),
              links: s.links.map((l) => ({
                traceId: l.context.traceId,
                spanId: l.context.spanId,
                attributes: keyValues(l.attributes ?? {}),
              })),
              status: { code: s.status.code, ...(s.status.message ? { message: s.status.message } : {}) },
            })),
          },
        ],
      },
    ],
  });
}
