import { runDurableObjectAlarm, runInDurableObject as runIn } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dealerAdmin } from "../api/helpers/auth";
import { createDealership } from "../api/helpers/fixtures";
import { call } from "../api/helpers/http";
import { startScrape } from "../workers/support/helpers";
import { eventually, type SentryEvent, sentryEvents, sleep } from "./support/received";

// The API's Durable Objects as the API exports them (workers/api/src/index.ts, wrapped by
// instrumentDurableObject), with SENTRY_DSN pointing at the local receiver. A fault is planted inside the
// object (its storage or a helper throws, like the failing D1 of errors.test.ts) and the object is then
// used the normal way: RPC through its stub, fetch, a WebSocket message, its alarm.

interface Bindings {
  JOB_PROGRESS: DurableObjectNamespace;
  RATE_LIMITER: DurableObjectNamespace;
  VECTOR_INDEX: DurableObjectNamespace;
  METRICS_AGGREGATOR: DurableObjectNamespace;
}
const ns = env as unknown as Bindings;

/** What the planted fault says: personal data and secrets that must be masked in the report. */
const FAULT =
  "SQLITE_IOERR: disk I/O error for jane.doe@example.com from 203.0.113.7 " +
  "(Authorization: Bearer sk-live-abcdef1234567890, token=s3cr3tv4lue)";
const SECRETS = ["jane.doe@example.com", "203.0.113.7", "sk-live-abcdef1234567890", "s3cr3tv4lue"];

type Anything = any;

/** runInDurableObject, loosely typed (the instance's internals are patched). */
const runInDurableObject = runIn as unknown as (
  stub: unknown,
  fn: (instance: Anything, state: DurableObjectState) => unknown,
) => Promise<unknown>;

const planted = () => new Error(FAULT);

/** The error a call fails with (awaited here, so the rejection is handled). */
async function failure(call: () => Promise<unknown>): Promise<Error> {
  try {
    await call();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected the call to fail");
}

/** Reports whose tag `durableObjectName` is `name` (each test uses a fresh object name). */
const reportsFor = async (name: string) =>
  (await sentryEvents()).filter((e) => e.event?.tags?.durableObjectName === name);

/** Waits for the first report of `name`, then a little longer to be sure no second one follows. */
async function exactlyOneReport(name: string): Promise<SentryEvent> {
  await eventually(async () => ((await reportsFor(name)).length > 0 ? true : null), `the report of ${name}`);
  await sleep(500);
  const all = await reportsFor(name);
  expect(all, "reported exactly once").toHaveLength(1);
  return all[0]!;
}

function assertClean(e: SentryEvent, extra: string[] = []) {
  for (const s of [...SECRETS, ...extra]) expect(e.raw, `the envelope contains ${s}`).not.toContain(s);
  expect(e.event.user).toBeUndefined();
  const ex = e.event.exception.values.at(-1);
  expect(ex.value).toContain("SQLITE_IOERR: disk I/O error for [email] from [ip]");
  expect(ex.value).toContain("Bearer [redacted]");
  expect(ex.value).toContain("token=[redacted]");
}

const unique = (prefix: string) => `${prefix}_${crypto.randomUUID().slice(0, 8)}`;

describe("Durable Object errors are reported to Sentry with the object's context", () => {
  it("RPC (JobProgress.publish): the caller gets the same error; one report tagged class, name, method", async () => {
    const jobId = unique("job_dorpc");
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    await runInDurableObject(stub, (instance: Anything) => {
      instance.current = () => {
        throw planted();
      };
    });
    const err = await failure(() => stub.publish({ id: jobId, version: 1, status: "discovering" }));
    expect(err.message).toBe(FAULT);

    const report = await exactlyOneReport(jobId);
    expect(report.event.level).toBe("error");
    expect(report.event.environment).toBe("test");
    expect(report.event.tags).toMatchObject({
      service: "forecourt-api",
      durableObject: "JobProgress",
      durableObjectName: jobId,
      durableObjectMethod: "publish",
    });
    expect(report.event.exception.values.at(-1).stacktrace.frames.length).toBeGreaterThan(0);
    expect(report.url).toMatch(/^\/api\/42\/envelope\//);
    assertClean(report);
  });

  it("fetch (the WebSocket upgrade): thrown to the caller as before, reported with the request scrubbed", async () => {
    const jobId = unique("job_dofetch");
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    await runInDurableObject(stub, (instance: Anything) => {
      instance.current = () => {
        throw planted();
      };
    });
    const bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJkby10ZXN0In0.c2lnbmF0dXJlc2VjcmV0";
    const err = await failure(() =>
      stub.fetch(`https://api.forecourt.test/v1/jobs/${jobId}/ws?access_token=querysecret123`, {
        headers: {
          Upgrade: "websocket",
          Authorization: `Bearer ${bearer}`,
          Cookie: "session=cookiesecret456",
          "Sec-WebSocket-Protocol": `forecourt.v1, bearer.${bearer}`,
          "X-Forecourt-Protocol": "forecourt.v1",
        },
      }),
    );
    expect(err.message).toBe(FAULT);

    const report = await exactlyOneReport(jobId);
    expect(report.event.tags).toMatchObject({ durableObject: "JobProgress", durableObjectMethod: "fetch" });
    expect(report.event.request.url).toBe(`https://api.forecourt.test/v1/jobs/${jobId}/ws`);
    const headers = Object.keys(report.event.request.headers ?? {}).map((h) => h.toLowerCase());
    for (const h of ["authorization", "cookie", "sec-websocket-protocol"]) expect(headers).not.toContain(h);
    assertClean(report, [bearer, "querysecret123", "cookiesecret456"]);
  });

  it("through the API (GET /v1/jobs/{id}/ws): the same 500 as before, reported once, by the object only", async () => {
    const dealership = await createDealership();
    const token = await dealerAdmin(dealership.id);
    const started = await startScrape(dealership.id, { token });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.job.id as string;
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    await runInDurableObject(stub, (instance: Anything) => {
      // Accepting the socket fails; everything else (publish from the API and the scraper) works.
      const real = instance.ctx;
      instance.ctx = new Proxy(real, {
        get(target, key) {
          if (key === "acceptWebSocket")
            return () => {
              throw planted();
            };
          const v = Reflect.get(target, key);
          return typeof v === "function" ? v.bind(target) : v;
        },
      });
    });
    const res = await call(`/v1/jobs/${jobId}/ws`, { token, headers: { upgrade: "websocket" } });
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id") as string;
    expect(res.body).toEqual({ error: { code: "internal_error", message: expect.any(String), requestId } });

    const report = await exactlyOneReport(jobId);
    expect(report.event.tags).toMatchObject({ durableObject: "JobProgress", durableObjectMethod: "fetch" });
    assertClean(report, [token]);
    // The API got the object's error back (remote) and did not report it a second time.
    expect((await sentryEvents()).filter((e) => e.event?.tags?.requestId === requestId)).toEqual([]);
  });

  it("a WebSocket message handler failing is reported (webSocketMessage)", async () => {
    const jobId = unique("job_dows");
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    const res = await stub.fetch("https://api.forecourt.test/ws", { headers: { Upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket as WebSocket;
    ws.accept();
    await runInDurableObject(stub, (instance: Anything) => {
      instance.current = () => {
        throw planted();
      };
    });
    ws.send("get");
    const report = await exactlyOneReport(jobId);
    expect(report.event.tags).toMatchObject({
      durableObject: "JobProgress",
      durableObjectMethod: "webSocketMessage",
    });
    assertClean(report);
    try {
      ws.close(1000, "done");
    } catch {}
  });

  it("an alarm failing is reported (alarm) and still fails", async () => {
    const jobId = unique("job_doalarm");
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    await runInDurableObject(stub, async (instance: Anything, state: DurableObjectState) => {
      await state.storage.setAlarm(Date.now() + 3_600_000);
      // The retention alarm clears the held snapshot first: make that step fail.
      Object.defineProperty(instance, "snapshot", {
        configurable: true,
        get: () => undefined,
        set: () => {
          throw planted();
        },
      });
    });
    const err = await failure(() => runDurableObjectAlarm(stub as never));
    expect(err.message).toBe(FAULT);
    const report = await exactlyOneReport(jobId);
    expect(report.event.tags).toMatchObject({ durableObject: "JobProgress", durableObjectMethod: "alarm" });
    assertClean(report);
  });

  it("RateLimiter.take (synchronous RPC) failing in storage is reported once", async () => {
    const dealershipId = unique("dlr_dorl");
    const stub = ns.RATE_LIMITER.get(ns.RATE_LIMITER.idFromName(dealershipId)) as Anything;
    await runInDurableObject(stub, (instance: Anything) => {
      // A fresh bucket is read from storage first: that read fails.
      instance.ctx = {
        storage: {
          kv: {
            get: () => {
              throw planted();
            },
          },
        },
      };
    });
    const err = await failure(() => stub.take("api_key", { capacity: 10, refillPerSecond: 1 }));
    expect(err.message).toBe(FAULT);
    const report = await exactlyOneReport(dealershipId);
    expect(report.event.tags).toMatchObject({
      durableObject: "RateLimiter",
      durableObjectName: dealershipId,
      durableObjectMethod: "take",
    });
    assertClean(report);
  });

  it("VectorIndex: an error in a method another method calls is reported once, for the entry point", async () => {
    const namespace = unique("ns_dovec");
    const stub = ns.VECTOR_INDEX.get(ns.VECTOR_INDEX.idFromName(namespace)) as Anything;
    const up = await stub.upsert(namespace, 3, [
      { id: "a", values: [1, 0, 0], metadata: { make: "Toyota" } },
      { id: "b", values: [0, 1, 0], metadata: { make: "Honda" } },
    ]);
    expect(up).toMatchObject({ ok: true });
    await runInDurableObject(stub, (instance: Anything) => {
      // deleteByFilter → delete → SQLite: the DELETE fails.
      instance.sql = {
        exec: () => {
          throw planted();
        },
      };
    });
    const err = await failure(() => stub.deleteByFilter({ make: "Toyota" }));
    expect(err.message).toBe(FAULT);
    const report = await exactlyOneReport(namespace);
    expect(report.event.tags).toMatchObject({
      durableObject: "VectorIndex",
      durableObjectMethod: "deleteByFilter",
    });
    assertClean(report);
  });

  it("MetricsAggregator.push failing is reported; expected outcomes (rejected points) are not", async () => {
    const shard = unique("shard_test");
    const stub = ns.METRICS_AGGREGATOR.get(ns.METRICS_AGGREGATOR.idFromName(shard)) as Anything;
    // Malformed points are an expected, handled outcome: counted as rejected, nothing reported.
    expect(await stub.push([{ nope: true }])).toMatchObject({ merged: 0, rejected: 1 });
    await sleep(300);
    expect(await reportsFor(shard)).toEqual([]);
    await runInDurableObject(stub, (instance: Anything) => {
      instance.ctx = {
        id: instance.ctx.id,
        storage: {
          kv: {
            put: () => {
              throw planted();
            },
          },
        },
      };
    });
    const err = await failure(() =>
      stub.push([{ name: "forecourt_http_requests_total", labels: ["/x", "GET", "200"], value: 1 }]),
    );
    expect(err.message).toBe(FAULT);
    const report = await exactlyOneReport(shard);
    expect(report.event.tags).toMatchObject({
      durableObject: "MetricsAggregator",
      durableObjectMethod: "push",
    });
    assertClean(report);
  });

  it("normal calls report nothing and return what they did before", async () => {
    const jobId = unique("job_dook");
    const stub = ns.JOB_PROGRESS.get(ns.JOB_PROGRESS.idFromName(jobId)) as Anything;
    const snapshot = { id: jobId, version: 2, status: "fetching" };
    expect(await stub.publish(snapshot)).toEqual({ accepted: true, listeners: 0 });
    expect(await stub.publish(snapshot)).toEqual({ accepted: false, listeners: 0 });
    expect(await stub.peek()).toEqual(snapshot);
    const res = await stub.fetch("https://api.forecourt.test/ws");
    expect(res.status).toBe(426);
    await sleep(300);
    expect(await reportsFor(jobId)).toEqual([]);
  });
});
