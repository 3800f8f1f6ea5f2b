import { env } from "cloudflare:workers";

/** What the local receiver (support/receiver.ts) has been sent so far, read from inside workerd. */
const RECEIVER = (env as unknown as { TELEMETRY_RECEIVER_URL: string }).TELEMETRY_RECEIVER_URL;

export interface FlatSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  status: { code: number; message?: string };
  attrs: Record<string, unknown>;
  events: { name: string; attrs: Record<string, unknown> }[];
  links: { traceId: string; spanId: string }[];
  startTimeUnixNano: string;
  endTimeUnixNano: string;
}

export interface SentryEvent {
  raw: string;
  headers: Record<string, string>;
  url: string;
  event: any;
}

/** OTLP KeyValue list → plain object. */
export function attrsOf(
  kvs: { key: string; value: Record<string, unknown> }[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of kvs) {
    const v = kv.value;
    out[kv.key] =
      "stringValue" in v
        ? v.stringValue
        : "intValue" in v
          ? Number(v.intValue)
          : "doubleValue" in v
            ? v.doubleValue
            : "boolValue" in v
              ? v.boolValue
              : v;
  }
  return out;
}

export async function received(): Promise<{ traces: any[]; envelopes: any[]; rejected: any[] }> {
  const res = await fetch(`${RECEIVER}/__received`);
  return res.json();
}

export async function allSpans(): Promise<FlatSpan[]> {
  const { traces } = await received();
  const out: FlatSpan[] = [];
  for (const t of traces)
    for (const rs of t.body.resourceSpans) {
      const resource = attrsOf(rs.resource?.attributes);
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans)
          out.push({
            service: String(resource["service.name"]),
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId,
            name: s.name,
            kind: s.kind,
            status: s.status,
            attrs: attrsOf(s.attributes),
            events: (s.events ?? []).map((e: any) => ({ name: e.name, attrs: attrsOf(e.attributes) })),
            links: s.links ?? [],
            startTimeUnixNano: s.startTimeUnixNano,
            endTimeUnixNano: s.endTimeUnixNano,
          });
    }
  return out;
}

export async function sentryEvents(): Promise<SentryEvent[]> {
  const { envelopes } = await received();
  const out: SentryEvent[] = [];
  for (const e of envelopes)
    for (const item of e.items)
      if (item.header.type === "event")
        out.push({ raw: e.raw, headers: e.headers, url: e.url, event: item.payload });
  return out;
}

/** Polls `probe` until it returns a truthy value (or fails after `timeoutMs`). */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** OTLP span kinds (SPAN_KIND_*). */
export const KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
