import { env } from "cloudflare:workers";
import { METRICS } from "@forecourt/observability";
import { describe, expect, inject, it } from "vitest";
import { dealerAdmin, platformAdmin } from "../../api/helpers/auth";
import { call, get, post } from "../../api/helpers/http";
import { captureLogs, sample, scrape, sleep } from "./support";

const { demoSite } = inject("observabilityServers");
const TERMINAL = new Set(["succeeded", "needs_review", "failed", "dead"]);

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 45_000,
): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const v = await fn();
    if (v) return v;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("one correlation id from the API request through scrape-jobs and embed-jobs", () => {
  it("every consumer log line of the job carries the request's X-Request-Id, and the pipeline's metrics are recorded", async () => {
    const before = (await scrape()).text;
    const requestId = `req-corr-${Date.now().toString(36)}`;
    const created = await post(
      "/v1/dealerships",
      { name: `Observability ${requestId}`, websiteUrl: `${demoSite}/`, timezone: "UTC" },
      { token: await platformAdmin() },
    );
    expect(created.status, created.text).toBe(201);
    const dealershipId: string = created.body.id;

    const { result: job, lines } = await captureLogs(async () => {
      const started = await call(`/v1/dealerships/${dealershipId}/scrapes`, {
        method: "POST",
        token: await dealerAdmin(dealershipId),
        json: {},
        headers: { "X-Request-Id": requestId },
      });
      expect(started.status, started.text).toBe(202);
      expect(started.headers.get("x-request-id")).toBe(requestId);
      const jobId: string = started.body.job?.id ?? started.body.id;
      const token = await platformAdmin();
      const done = await waitFor("the job to finish", async () => {
        const r = await get(`/v1/jobs/${jobId}`, { token });
        return TERMINAL.has(r.body.status) ? r.body : null;
      });
      // Changed vehicles go to embed-jobs; wait until the embedder has handled them.
      await waitFor("the embedder", async () =>
        (await scrape()).text.includes(
          `forecourt_vector_calls_total{dealership="${dealershipId}",store="local",op="upsert",outcome="ok"}`,
        ),
      );
      return done;
    });
    expect(job.status).toBe("succeeded");
    // The job record keeps the correlation id too.
    const row = await (env as unknown as { DB: D1Database }).DB.prepare(
      "SELECT request_id FROM scrape_jobs WHERE id = ?",
    )
      .bind(job.id)
      .first<{ request_id: string | null }>();
    expect(row?.request_id).toBe(requestId);

    const parsed = lines.flatMap((l) => {
      try {
        const o = JSON.parse(l);
        return o && typeof o === "object" ? [o] : [];
      } catch {
        return [];
      }
    });
    const ofJob = parsed.filter((o) => o.jobId === job.id);
    const scraperLines = ofJob.filter((o) => o.worker === "scraper");
    expect(scraperLines.length).toBeGreaterThan(2);
    for (const o of ofJob) expect(o.requestId, JSON.stringify(o)).toBe(requestId);
    const embedderLines = parsed.filter((o) => o.worker === "embedder" && o.dealershipId === dealershipId);
    expect(embedderLines.length).toBeGreaterThan(0);
    for (const o of embedderLines) expect(o.requestId, JSON.stringify(o)).toBe(requestId);
    const apiLine = parsed.find((o) => o.msg === "request" && o.route === "/v1/dealerships/:id/scrapes");
    expect(apiLine?.requestId).toBe(requestId);
    // The whole pipeline logs JSON lines only.
    expect(parsed.length).toBe(lines.filter((l) => l.trim().startsWith("{")).length);

    const { text } = await scrape();
    const d = (name: string, labels: Record<string, string> = {}) =>
      sample(text, name, labels) - sample(before, name, labels);
    expect(d(METRICS.scrapeJobs.name, { outcome: "succeeded", trigger: "manual" })).toBe(1);
    expect(d(METRICS.queueConsumed.name, { queue: "scrape-jobs", outcome: "ack" })).toBeGreaterThanOrEqual(3);
    expect(d(METRICS.queueSent.name, { queue: "scrape-jobs" })).toBeGreaterThanOrEqual(3);
    expect(d(METRICS.queueSent.name, { queue: "embed-jobs" })).toBeGreaterThanOrEqual(1);
    expect(d(METRICS.queueConsumed.name, { queue: "embed-jobs", outcome: "ack" })).toBeGreaterThanOrEqual(1);
    expect(d(`${METRICS.queueAge.name}_count`, { queue: "scrape-jobs" })).toBeGreaterThanOrEqual(3);
    expect(sample(text, METRICS.scrapePagesByDealership.name, { dealership: dealershipId })).toBe(
      job.counts.pagesFetched,
    );
    expect(
      sample(text, METRICS.scrapeVehiclesByDealership.name, { dealership: dealershipId, change: "new" }),
    ).toBe(job.counts.vehiclesNew);
    expect(sample(text, METRICS.scrapeLastSuccess.name, { dealership: dealershipId })).toBeGreaterThan(
      Date.now() / 1000 - 600,
    );
    expect(
      sample(text, METRICS.vectorCalls.name, { dealership: dealershipId, op: "upsert" }),
    ).toBeGreaterThan(0);
  });
});
