import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dealerAdmin } from "../api/helpers/auth";
import { createDealership } from "../api/helpers/fixtures";
import { call } from "../api/helpers/http";
import { allSpans, eventually, KIND, type SentryEvent, sentryEvents, sleep } from "./support/received";

const queues = env as unknown as { SCRAPE_JOBS: Queue; EMBED_JOBS: Queue };

/** Everything from the request and the failure that must never reach Sentry. */
const SECRETS = [
  "jane.doe@example.com",
  "203.0.113.7",
  "198.51.100.23",
  "sk-live-abcdef1234567890",
  "s3cr3tv4lue",
  "querysecret123",
  "cookiesecret456",
  "ops@example.com",
];

const eventsFor = async (tag: string, value: string) =>
  (await sentryEvents()).filter((e) => e.event?.tags?.[tag] === value);

function assertClean(e: SentryEvent, extra: string[] = []) {
  for (const s of [...SECRETS, ...extra]) expect(e.raw, `the envelope contains ${s}`).not.toContain(s);
  expect(e.event.user).toBeUndefined();
  const headers = Object.keys(e.event.request?.headers ?? {}).map((h) => h.toLowerCase());
  for (const h of ["authorization", "cookie", "cf-connecting-ip", "x-forwarded-for"])
    expect(headers).not.toContain(h);
}

describe("error reporting: Sentry envelopes to the configured DSN", () => {
  it("an unhandled error in a route answers our JSON 500 and is reported once, with request context and no PII", async () => {
    const dealership = await createDealership();
    const token = await dealerAdmin(dealership.id);
    const res = await call(`/v1/dealerships/${dealership.id}?access_token=querysecret123&limit=5`, {
      token,
      headers: {
        "x-test-fault": "d1",
        cookie: "session=cookiesecret456",
        "cf-connecting-ip": "198.51.100.23",
        "x-forwarded-for": "198.51.100.23",
        "user-agent": "telemetry-test/1.0 (ops@example.com)",
      },
    });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/json");
    const requestId = res.headers.get("x-request-id") as string;
    expect(res.body).toEqual({
      error: { code: "internal_error", message: expect.any(String), requestId },
    });
    expect(res.text).not.toContain("D1_ERROR");

    const [report] = await eventually(async () => {
      const found = await eventsFor("requestId", requestId);
      return found.length > 0 ? found : null;
    }, "the error report");
    // Reported once: nothing else arrives for this request.
    await sleep(500);
    expect(await eventsFor("requestId", requestId)).toHaveLength(1);

    const e = report!.event;
    expect(e.level).toBe("error");
    expect(e.environment).toBe("test");
    expect(e.release).toBe("forecourt@test");
    expect(e.tags).toMatchObject({
      service: "forecourt-api",
      requestId,
      route: "/v1/dealerships/:id",
      method: "GET",
      dealershipId: dealership.id,
      principal: "user",
    });
    const ex = e.exception.values.at(-1);
    expect(ex.type).toBe("Error");
    expect(ex.value).toContain("D1_ERROR: storage unreachable for [email] from [ip]");
    expect(ex.value).toContain("Bearer [redacted]");
    expect(ex.value).toContain("token=[redacted]");
    expect(ex.stacktrace.frames.length).toBeGreaterThan(0);
    expect(e.request.method).toBe("GET");
    expect(e.request.url).toBe(`https://api.forecourt.test/v1/dealerships/${dealership.id}`);
    assertClean(report!, [token]);
    // The envelope reached the DSN's project with its public key (checked by the receiver).
    expect(report!.url).toMatch(/^\/api\/42\/envelope\//);
    // The trace knows it too: the request's span is an error with a scrubbed exception event.
    const span = await eventually(
      async () =>
        (await allSpans()).find(
          (s) => s.kind === KIND.SERVER && s.attrs["forecourt.request.id"] === requestId,
        ),
      "the failed request's span",
    );
    expect(span.status.code).toBe(2);
    expect(span.attrs["http.response.status_code"]).toBe(500);
    const exception = span.events.find((ev) => ev.name === "exception");
    expect(String(exception?.attrs["exception.message"])).toContain("[email]");
    expect(e.contexts.trace.trace_id).toBe(span.traceId);
    expect(JSON.stringify(span)).not.toContain("jane.doe@example.com");
  });

  it("a handled failure (4xx) is not reported", async () => {
    const dealership = await createDealership();
    const res = await call(`/v1/dealerships/${dealership.id}/vehicles/veh_doesnotexist`, {
      token: await dealerAdmin(dealership.id),
    });
    expect(res.status).toBe(404);
    const requestId = res.headers.get("x-request-id") as string;
    await sleep(500);
    expect(await eventsFor("requestId", requestId)).toEqual([]);
  });

  it("a scraper job failing mid-job (database outage) is reported with job context: job, queue, attempt, message", async () => {
    const jobId = `job_tel${crypto.randomUUID().slice(0, 8)}`;
    await queues.SCRAPE_JOBS.send({
      v: 1,
      type: "discover",
      jobId,
      dealershipId: "dlr_telemetry01",
      round: 0,
      offset: 0,
      requestId: "req_telemetry_job01",
      testFault: "d1",
    });
    const reports = await eventually(async () => {
      const found = await eventsFor("jobId", jobId);
      return found.length > 0 ? found : null;
    }, "the job failure report");
    const first = reports[0]!;
    expect(first.event.tags).toMatchObject({
      service: "forecourt-scraper",
      jobId,
      queue: "scrape-jobs",
      attempt: "1",
      dealershipId: "dlr_telemetry01",
      requestId: "req_telemetry_job01",
      messageType: "discover",
    });
    expect(first.event.tags.messageId).toMatch(/.+/);
    expect(first.event.exception.values.at(-1).value).toContain("[email]");
    assertClean(first);
    // The consumer span of that message failed too.
    const span = await eventually(
      async () =>
        (await allSpans()).find(
          (s) => s.name === "process scrape-jobs" && s.attrs["forecourt.job.id"] === jobId,
        ),
      "the failed message's span",
    );
    expect(span.status.code).toBe(2);
  });

  it("an embedder message failing is reported with its queue and dealership", async () => {
    const dealershipId = `dlr_tel${crypto.randomUUID().slice(0, 8)}`;
    await queues.EMBED_JOBS.send({
      type: "dealership.reembed",
      dealershipId,
      requestId: "req_telemetry_embed01",
      testFault: "d1",
    });
    const reports = await eventually(async () => {
      const found = await eventsFor("dealershipId", dealershipId);
      return found.length > 0 ? found : null;
    }, "the embedder failure report");
    expect(reports[0]!.event.tags).toMatchObject({
      service: "forecourt-embedder",
      queue: "embed-jobs",
      attempt: "1",
      messageType: "dealership.reembed",
      requestId: "req_telemetry_embed01",
    });
    assertClean(reports[0]!);
  });
});
