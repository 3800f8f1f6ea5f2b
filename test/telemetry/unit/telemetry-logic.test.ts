import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from "@opentelemetry/api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { scrubEvent } from "../../../packages/telemetry/src/error-reporter";
import { encodeTraces } from "../../../packages/telemetry/src/otlp-json";
import { safeUrl, scrubString, scrubValue } from "../../../packages/telemetry/src/scrub";
import { parseOtlpHeaders, parseTelemetrySettings } from "../../../packages/telemetry/src/settings";
import { formatTraceparent, parseTraceparent } from "../../../packages/telemetry/src/traceparent";
import { InvocationTracer } from "../../../packages/telemetry/src/tracer";

describe("traceparent (W3C Trace Context)", () => {
  const T = "4bf92f3577b34da6a3ce929d0e0e4736";
  const S = "00f067aa0ba902b7";
  it("parses and formats the spec's example", () => {
    const ctx = parseTraceparent(`00-${T}-${S}-01`);
    expect(ctx).toEqual({ traceId: T, spanId: S, traceFlags: 1, isRemote: true });
    expect(formatTraceparent(ctx!)).toBe(`00-${T}-${S}-01`);
    expect(parseTraceparent(`00-${T}-${S}-00`)?.traceFlags).toBe(0);
    // A later version may append fields; only the known ones are read.
    expect(parseTraceparent(`01-${T}-${S}-01-extra`)?.traceId).toBe(T);
  });
  it.each([
    undefined,
    null,
    42,
    "",
    "00",
    `00-${T}-${S}`,
    `00-${T.toUpperCase()}-${S}-01`,
    `ff-${T}-${S}-01`,
    `00-${"0".repeat(32)}-${S}-01`,
    `00-${T}-${"0".repeat(16)}-01`,
    `00-${T}-${S}-01-extra`,
    `00-${T}x-${S}-01`,
    `00-${T}-${S}-0g`,
    `${"00-".repeat(200)}`,
    `00-${T}-${S}-01\n00-${T}-${S}-01`,
  ])("refuses %j", (bad) => {
    expect(parseTraceparent(bad)).toBeNull();
  });
  it("round-trips any valid context", () => {
    const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
    fc.assert(
      fc.property(hex(32), hex(16), fc.boolean(), (traceId, spanId, sampled) => {
        fc.pre(!/^0+$/.test(traceId) && !/^0+$/.test(spanId));
        const ctx = { traceId, spanId, traceFlags: sampled ? 1 : 0 };
        expect(parseTraceparent(formatTraceparent(ctx))).toEqual({ ...ctx, isRemote: true });
      }),
    );
  });
});

describe("scrubbing personal data and secrets", () => {
  it.each([
    ["contact jane.doe+cars@example.co.uk now", "jane.doe"],
    ["from 203.0.113.7:443", "203.0.113.7"],
    ["client 2001:db8::8a2e:370:7334 said", "2001:db8::8a2e:370:7334"],
    ["Authorization: Bearer abc.def-ghi", "abc.def-ghi"],
    ["basic Basic dXNlcjpwYXNz", "dXNlcjpwYXNz"],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "eyJhbGciOiJIUzI1NiJ9"],
    ["key fc_pk_0123456789abcdefABCDEF0123456789", "fc_pk_0123456789"],
    ["openai sk-proj-abcdefghijklmnop", "sk-proj-abcdefghijklmnop"],
    ["anthropic sk-ant-api03-abcdefghijkl", "sk-ant-api03-abcdefghijkl"],
    ["https://x.test/cb?access_token=qwerty123&ok=1", "qwerty123"],
    ["password=hunter2; next", "hunter2"],
    ["postgres://forecourt:pa55word@db.internal:5432/x", "pa55word"],
  ])("removes the secret from %j", (input, secret) => {
    expect(scrubString(input)).not.toContain(secret);
  });
  it("keeps ordinary text, ids and times", () => {
    for (const ok of [
      "dealership dlr_01abc failed at 12:30:45",
      "vehicle veh_9 price 34995",
      "GET /v1/vehicles/:id",
    ])
      expect(scrubString(ok)).toBe(ok);
    expect(scrubString("server 10.0.0.1", { ips: false })).toBe("server 10.0.0.1");
  });
  it("drops personal fields and redacts secret fields at any depth, without looping on cycles", () => {
    const cyclic: Record<string, unknown> = {
      email: "a@b.co",
      nested: { Authorization: "Bearer x", token: "t", ok: "fine" },
    };
    cyclic.self = cyclic;
    const out = scrubValue(cyclic) as any;
    expect(out.email).toBeUndefined();
    expect(out.nested).toEqual({ Authorization: "[redacted]", token: "[redacted]", ok: "fine" });
    expect(out.self).toBe("[truncated]");
  });
  it("never lets an e-mail or bearer token through, whatever surrounds it", () => {
    fc.assert(
      fc.property(fc.string(), fc.emailAddress(), fc.string(), (a, email, b) => {
        fc.pre(!/[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]$/.test(a) && !/^[A-Za-z0-9.-]/.test(b));
        expect(scrubString(`${a}${email}${b}`)).not.toContain(email);
      }),
    );
  });
  it("URLs lose query, fragment and credentials", () => {
    expect(safeUrl("https://u:p@dealer.example/inv/list?page=2&token=x#top")).toBe(
      "https://dealer.example/inv/list",
    );
    expect(safeUrl("not a url")).toBe("[invalid url]");
  });
  it("a Sentry event loses user, cookies, non-allowed headers and the query string", () => {
    const out = scrubEvent({
      user: { ip_address: "1.2.3.4", email: "x@y.zz" },
      request: {
        url: "https://api.test/v1/x?access_token=abc",
        cookies: { session: "s" },
        headers: { "User-Agent": "ua", Authorization: "Bearer t", "X-Custom": "v" },
        query_string: "access_token=abc",
      },
      message: "user x@y.zz at 1.2.3.4",
    });
    expect(out.user).toBeUndefined();
    expect(out.request).toEqual({
      url: "https://api.test/v1/x",
      headers: { "User-Agent": "ua", Authorization: "[redacted]", "X-Custom": "[redacted]" },
      query_string: "access_token=[redacted]",
    });
    expect(out.message).toBe("user [email] at [ip]");
  });
});

describe("telemetry settings", () => {
  it("is off with nothing set, on with an endpoint and/or DSN", () => {
    expect(parseTelemetrySettings({}, "svc")).toMatchObject({ tracing: null, errors: null, problems: [] });
    const s = parseTelemetrySettings(
      {
        ENVIRONMENT: "staging",
        OTEL_EXPORTER_OTLP_ENDPOINT: "https://otlp.example.com/otlp/",
        OTEL_EXPORTER_OTLP_HEADERS: "X-Api-Key=a%3Db, x-team = t1",
        OTEL_TRACES_SAMPLER_ARG: "0.25",
        SENTRY_DSN: "https://abc@o1.ingest.sentry.io/123",
      },
      "forecourt-api",
    );
    expect(s.tracing).toEqual({
      endpoint: "https://otlp.example.com/otlp/v1/traces",
      headers: { "x-api-key": "a=b", "x-team": "t1" },
      ratio: 0.25,
      serviceName: "forecourt-api",
    });
    expect(s.errors).toEqual({
      dsn: "https://abc@o1.ingest.sentry.io/123",
      environment: "staging",
      release: undefined,
    });
    expect(
      parseTelemetrySettings({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://c:4318/custom" }, "s").tracing
        ?.endpoint,
    ).toBe("http://c:4318/custom");
  });
  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "ftp://x" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "https://user:pw@x" }, "OTEL_EXPORTER_OTLP_ENDPOINT"],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://x", OTEL_EXPORTER_OTLP_HEADERS: "novalue" },
      "OTEL_EXPORTER_OTLP_HEADERS",
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://x", OTEL_EXPORTER_OTLP_HEADERS: "a=%ZZ" },
      "OTEL_EXPORTER_OTLP_HEADERS",
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "https://x", OTEL_TRACES_SAMPLER_ARG: "1.5" }, "OTEL_TRACES_SAMPLER_ARG"],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "https://x", OTEL_TRACES_SAMPLER_ARG: "-0.1" },
      "OTEL_TRACES_SAMPLER_ARG",
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: "https://x", OTEL_TRACES_SAMPLER_ARG: "NaN" }, "OTEL_TRACES_SAMPLER_ARG"],
    [{ SENTRY_DSN: "https://o1.ingest.sentry.io/123" }, "SENTRY_DSN"],
    [{ SENTRY_DSN: "https://key@o1.ingest.sentry.io/notanumber" }, "SENTRY_DSN"],
    [{ SENTRY_DSN: "garbage" }, "SENTRY_DSN"],
  ])("%j is a problem naming %s, and that feature stays off", (env, setting) => {
    const s = parseTelemetrySettings(env as never, "svc");
    expect(s.problems.map((p) => p.setting)).toEqual([setting]);
    if (setting === "SENTRY_DSN") expect(s.errors).toBeNull();
    else expect(s.tracing).toBeNull();
  });
  it("header lists refuse CR/LF injection", () => {
    expect(parseOtlpHeaders("a=b%0D%0AX-Evil: 1")).toBeNull();
    expect(parseOtlpHeaders("bad name=1")).toBeNull();
  });
});

describe("sampling and OTLP encoding", () => {
  it("samples new traces at the ratio, deterministically by trace id, and follows a parent's decision", () => {
    const tracer = new InvocationTracer(0.25);
    let sampled = 0;
    for (let i = 0; i < 4000; i++) if (tracer.startSpan("x").isRecording()) sampled++;
    expect(sampled / 4000).toBeGreaterThan(0.2);
    expect(sampled / 4000).toBeLessThan(0.3);
    const none = new InvocationTracer(0);
    const parent = {
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
      traceFlags: TraceFlags.SAMPLED,
    };
    const ctx = trace.setSpanContext(ROOT_CONTEXT, parent);
    expect(none.startSpan("child", {}, ctx).isRecording()).toBe(true);
    expect(none.startSpan("new").isRecording()).toBe(false);
    const unsampled = trace.setSpanContext(ctx, { ...parent, traceFlags: TraceFlags.NONE });
    expect(new InvocationTracer(1).startSpan("c", {}, unsampled).isRecording()).toBe(false);
  });
  it("encodes spans as an OTLP ExportTraceServiceRequest (hex ids, numeric kinds, nanosecond strings)", () => {
    const tracer = new InvocationTracer(1);
    const span = tracer.startSpan("GET /x", {
      kind: SpanKind.SERVER,
      attributes: { "http.route": "/x", n: 3, f: 1.5, ok: true },
    });
    span.addEvent("e", { k: "v" });
    span.end();
    const body = JSON.parse(encodeTraces(tracer.drain(), { "service.name": "svc" }));
    const rs = body.resourceSpans[0];
    expect(rs.resource.attributes).toEqual([{ key: "service.name", value: { stringValue: "svc" } }]);
    const s = rs.scopeSpans[0].spans[0];
    expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(s.kind).toBe(2);
    expect(s.startTimeUnixNano).toMatch(/^\d{19}$/);
    expect(s.attributes).toEqual([
      { key: "http.route", value: { stringValue: "/x" } },
      { key: "n", value: { intValue: 3 } },
      { key: "f", value: { doubleValue: 1.5 } },
      { key: "ok", value: { boolValue: true } },
    ]);
    expect(s.events[0]).toMatchObject({ name: "e", attributes: [{ key: "k", value: { stringValue: "v" } }] });
  });
});
