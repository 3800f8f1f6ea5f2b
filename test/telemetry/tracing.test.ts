import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dealerAdmin, platformAdmin } from "../api/helpers/auth";
import { createDealership, createVehicle } from "../api/helpers/fixtures";
import { call, post } from "../api/helpers/http";
import entry from "./support/entry";
import { allSpans, eventually, type FlatSpan, KIND, received, sleep } from "./support/received";

const RECEIVER = (env as unknown as { TELEMETRY_RECEIVER_URL: string }).TELEMETRY_RECEIVER_URL;

/** Strings that must never appear in anything exported. */
function assertNoSecrets(spans: FlatSpan[], secrets: string[]) {
  const text = JSON.stringify(spans);
  for (const s of secrets) expect(text, `exported spans contain ${s}`).not.toContain(s);
}

const serverSpanOf = (requestId: string) => async () =>
  (await allSpans()).find((s) => s.kind === KIND.SERVER && s.attrs["forecourt.request.id"] === requestId);

const hex = (n: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, "0")).join("");

describe("tracing: OTLP/HTTP JSON export to the configured collector", () => {
  it("exports one SERVER span per API request, named after its route, continuing the caller's traceparent, without secrets", async () => {
    const dealership = await createDealership();
    const token = await dealerAdmin(dealership.id);
    const traceId = hex(16);
    const parentId = hex(8);
    const res = await call(`/v1/dealerships/${dealership.id}?access_token=querysecret123&x=1`, {
      token,
      headers: {
        traceparent: `00-${traceId}-${parentId}-01`,
        cookie: "session=cookiesecret456",
        "cf-connecting-ip": "198.51.100.23",
        "user-agent": "telemetry-test/1.0 (ops@example.com)",
      },
    });
    expect(res.status, res.text).toBe(200);
    const requestId = res.headers.get("x-request-id") as string;
    const span = await eventually(serverSpanOf(requestId), "the API request's span");

    expect(span.service).toBe("forecourt-api");
    expect(span.traceId).toBe(traceId);
    expect(span.parentSpanId).toBe(parentId);
    expect(span.name).toBe("GET /v1/dealerships/:id");
    expect(span.attrs).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/v1/dealerships/:id",
      "http.response.status_code": 200,
      "url.path": `/v1/dealerships/${dealership.id}`,
      "forecourt.dealership.id": dealership.id,
      "forecourt.principal.kind": "user",
      "forecourt.principal.role": "dealer_admin",
    });
    expect(span.status.code).toBe(0);
    expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    const all = await allSpans();
    assertNoSecrets(
      all.filter((s) => s.traceId === traceId),
      [token, "querysecret123", "cookiesecret456", "198.51.100.23", "ops@example.com"],
    );
    // Every export carried the collector's API key header and was accepted.
    const { traces, rejected } = await received();
    expect(traces.every((t) => t.headers["x-otlp-api-key"] === "otlp-test-key-4b1d")).toBe(true);
    expect(traces.every((t) => t.headers["content-type"].startsWith("application/json"))).toBe(true);
    expect(rejected.filter((r: any) => r.path === "/v1/traces")).toEqual([]);
  });

  it("follows an unsampled caller: traceparent flags 00 records nothing for that trace", async () => {
    const dealership = await createDealership();
    const traceId = hex(16);
    const res = await call(`/v1/dealerships/${dealership.id}`, {
      token: await platformAdmin(),
      headers: { traceparent: `00-${traceId}-${hex(8)}-00` },
    });
    expect(res.status).toBe(200);
    // A later sampled request is exported, so the earlier one would have been by now.
    const probe = await call(`/v1/dealerships/${dealership.id}`, { token: await platformAdmin() });
    await eventually(serverSpanOf(probe.headers.get("x-request-id") as string), "the probe request's span");
    await sleep(300);
    expect((await allSpans()).filter((s) => s.traceId === traceId)).toEqual([]);
  });

  it("starts a new trace when the incoming traceparent is malformed", async () => {
    const dealership = await createDealership();
    for (const bad of ["00-zz-1-01", `ff-${hex(16)}-${hex(8)}-01`, `00-${"0".repeat(32)}-${hex(8)}-01`]) {
      const res = await call(`/v1/dealerships/${dealership.id}`, {
        token: await platformAdmin(),
        headers: { traceparent: bad },
      });
      expect(res.status).toBe(200);
      const span = await eventually(serverSpanOf(res.headers.get("x-request-id") as string), "span");
      expect(span.parentSpanId).toBeUndefined();
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.traceId).not.toBe("0".repeat(32));
    }
  });

  it("carries the trace across the scrape-jobs hop: API producer span → scraper consumer span → its outbound fetches", async () => {
    const created = await post(
      "/v1/dealerships",
      { name: `Telemetry Motors ${hex(3)}`, websiteUrl: `${RECEIVER}/`, timezone: "America/Chicago" },
      { token: await platformAdmin() },
    );
    expect(created.status, created.text).toBe(201);
    const dealershipId = created.body.id as string;
    const res = await post(
      `/v1/dealerships/${dealershipId}/scrapes`,
      {},
      { token: await dealerAdmin(dealershipId) },
    );
    expect(res.status, res.text).toBe(202);
    const jobId = res.body.job.id as string;
    const api = await eventually(serverSpanOf(res.headers.get("x-request-id") as string), "the API span");
    expect(api.attrs["http.route"]).toBe("/v1/dealerships/:id/scrapes");
    expect(api.attrs["http.response.status_code"]).toBe(202);

    const producer = await eventually(
      async () =>
        (await allSpans()).find(
          (s) => s.traceId === api.traceId && s.kind === KIND.PRODUCER && s.name === "send SCRAPE_JOBS",
        ),
      "the producer span",
    );
    expect(producer.service).toBe("forecourt-api");
    // The producer span is a descendant of the request's span.
    const inTrace = async () => (await allSpans()).filter((s) => s.traceId === api.traceId);
    const ancestors = (spans: FlatSpan[], s: FlatSpan): string[] => {
      const out: string[] = [];
      let cur: FlatSpan | undefined = s;
      while (cur?.parentSpanId) {
        out.push(cur.parentSpanId);
        cur = spans.find((x) => x.spanId === cur?.parentSpanId);
      }
      return out;
    };
    expect(ancestors(await inTrace(), producer)).toContain(api.spanId);

    const consumer = await eventually(
      async () =>
        (await inTrace()).find(
          (s) =>
            s.kind === KIND.CONSUMER &&
            s.name === "process scrape-jobs" &&
            s.parentSpanId === producer.spanId,
        ),
      "the scraper's consumer span, child of the producer span",
    );
    expect(consumer.service).toBe("forecourt-scraper");
    expect(consumer.attrs).toMatchObject({
      "messaging.system": "cloudflare_queues",
      "messaging.destination.name": "scrape-jobs",
      "messaging.cloudflare.attempt": 1,
      "forecourt.job.id": jobId,
      "forecourt.dealership.id": dealershipId,
      "forecourt.message.type": "discover",
    });
    // Linked to the batch span it ran in.
    expect(consumer.links.length).toBe(1);

    // The crawl's outbound requests are CLIENT spans below the consumer span (scheme/host/path only).
    const fetches = await eventually(async () => {
      const spans = await inTrace();
      const found = spans.filter(
        (s) =>
          s.kind === KIND.CLIENT &&
          s.service === "forecourt-scraper" &&
          ancestors(spans, s).includes(consumer.spanId),
      );
      return found.length > 0 ? found : null;
    }, "the crawl's outbound fetch spans");
    for (const f of fetches) {
      expect(f.attrs["server.address"]).toBe(new URL(RECEIVER).host);
      expect(String(f.attrs["url.full"])).not.toContain("?");
      expect(typeof f.attrs["http.response.status_code"]).toBe("number");
    }
  });

  it("carries the trace across the embed-jobs hop: API vehicle write → embedder consumer span", async () => {
    const dealership = await createDealership();
    const vehicle = await createVehicle(dealership.id);
    const api = await eventually(
      async () =>
        (await allSpans()).find(
          (s) =>
            s.kind === KIND.SERVER &&
            s.attrs["http.route"] === "/v1/dealerships/:id/vehicles" &&
            s.attrs["forecourt.dealership.id"] === dealership.id,
        ),
      "the vehicle upsert span",
    );
    const producer = await eventually(
      async () =>
        (await allSpans()).find(
          (s) => s.traceId === api.traceId && s.name === "send EMBED_JOBS" && s.kind === KIND.PRODUCER,
        ),
      "the embed-jobs producer span",
    );
    const consumer = await eventually(
      async () =>
        (await allSpans()).find(
          (s) =>
            s.traceId === api.traceId &&
            s.name === "process embed-jobs" &&
            s.parentSpanId === producer.spanId,
        ),
      "the embedder's consumer span",
    );
    expect(consumer.service).toBe("forecourt-embedder");
    expect(consumer.kind).toBe(KIND.CONSUMER);
    expect(consumer.attrs).toMatchObject({
      "forecourt.message.type": "vehicle.changed",
      "forecourt.dealership.id": dealership.id,
      "messaging.destination.name": "embed-jobs",
    });
    expect(consumer.status.code).not.toBe(2);
    expect(vehicle.id).toBeTruthy();
  });

  it("traces the scraper's cron tick as a root span", async () => {
    const ctx = createExecutionContext();
    const at = Date.now() + 7 * 60_000;
    await entry.scheduled(
      createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }),
      env as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const tick = await eventually(
      async () =>
        (await allSpans()).find(
          (s) => s.name === "cron */5 * * * *" && s.attrs["faas.time"] === new Date(at).toISOString(),
        ),
      "the cron span",
    );
    expect(tick.service).toBe("forecourt-scraper");
    expect(tick.parentSpanId).toBeUndefined();
    expect(tick.attrs["faas.trigger"]).toBe("timer");
  });

  it("is off when the settings are unset: no span and no error report for that request", async () => {
    const dealership = await createDealership();
    const requestId = `req_quiet_${hex(6)}`;
    const res = await call(`/v1/dealerships/${dealership.id}`, {
      token: await platformAdmin(),
      headers: { "x-test-telemetry": "off", "x-request-id": requestId },
    });
    expect(res.status).toBe(200);
    const probe = await call(`/v1/dealerships/${dealership.id}`, { token: await platformAdmin() });
    await eventually(serverSpanOf(probe.headers.get("x-request-id") as string), "the probe request's span");
    await sleep(300);
    const spans = await allSpans();
    expect(spans.filter((s) => s.attrs["forecourt.request.id"] === requestId)).toEqual([]);
    expect(JSON.stringify((await received()).envelopes)).not.toContain(requestId);
  });
});
