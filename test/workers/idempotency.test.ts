import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import scraper from "../../workers/scraper/src/index";
import { dealerStaff, platformAdmin } from "../api/helpers/auth";
import { get } from "../api/helpers/http";
import { DB, dealershipFor, startScrape, vehiclesOf, waitForJob } from "./support/helpers";

describe("Idempotency-Key and one scrape per dealership", () => {
  it("same key → same job; different body → 409; another key while running → 409; concurrent posts → one job", async () => {
    const dealer = await dealershipFor("idempotency");
    const [a, b] = await Promise.all([
      startScrape(dealer.id, { key: "run-1" }),
      startScrape(dealer.id, { key: "run-1" }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.job.id).toBe(b.body.job.id);
    expect([a.headers.get("Idempotent-Replayed"), b.headers.get("Idempotent-Replayed")].sort()).toEqual([
      null,
      "true",
    ]);

    const different = await startScrape(dealer.id, { key: "run-1", body: { maxPages: 50 } });
    expect(different.status).toBe(409);
    expect(different.body.error.message).toMatch(/different request body/);

    const busy = await startScrape(dealer.id, { key: "run-2" });
    if (busy.status === 409) expect(busy.body.error.details).toEqual({ activeJobId: a.body.job.id });
    else expect(busy.status).toBe(202); // only if the first job already finished

    const done = await waitForJob(a.body.job.id);
    expect(done.status).toBe("succeeded");
    // Same key after the job ended (within 24 h): still the same job, not a new scrape.
    const replayed = await startScrape(dealer.id, { key: "run-1" });
    expect(replayed.status).toBe(202);
    expect(replayed.body.job).toMatchObject({ id: a.body.job.id, status: "succeeded" });

    // Validation and roles.
    expect((await startScrape(dealer.id, { key: "x".repeat(256) })).status).toBe(400);
    expect((await startScrape(dealer.id, { body: { maxPages: 0 } })).status).toBe(400);
    expect((await startScrape(dealer.id, { body: { nope: 1 } })).status).toBe(400);
    expect((await startScrape(dealer.id, { token: await dealerStaff(dealer.id) })).status).toBe(403);
    const jobs = await get(`/v1/dealerships/${dealer.id}/jobs`, { token: await platformAdmin() });
    expect(jobs.body.items.length).toBeLessThanOrEqual(2);
  });
});

describe("duplicate delivery changes nothing twice", () => {
  it("every message of a finished job delivered again (real queue and a direct batch): counts, vehicles and history unchanged", async () => {
    const dealer = await dealershipFor("duplicates");
    const job = await waitForJob((await startScrape(dealer.id)).body.job.id);
    expect(job.status).toBe("succeeded");
    const vehiclesBefore = await vehiclesOf(dealer.id);
    const historyRows = async () =>
      (
        await DB.prepare("SELECT count(*) AS n FROM price_history WHERE dealership_id = ?")
          .bind(dealer.id)
          .first<{ n: number }>()
      )?.n;
    const historyBefore = await historyRows();

    const base = { v: 1, jobId: job.id, dealershipId: dealer.id, requestId: "dup" };
    // The job's tasks are purged once it succeeds; a fresh copy of each kind of message still finds nothing to do.
    const bodies = [
      { ...base, type: "discover", round: 0, offset: 0 },
      { ...base, type: "fetch-batch", task: "f:d:0:0#0" },
      { ...base, type: "reconcile" },
    ];
    const queue = (env as unknown as { SCRAPE_JOBS: Queue }).SCRAPE_JOBS;
    for (const body of bodies) await queue.send(body);

    // The same messages through the queue handler directly, twice in one batch (same ids): all acked.
    const batch = createMessageBatch(
      "scrape-jobs",
      [...bodies, ...bodies].map((body, i) => ({
        id: `dup-${i % bodies.length}`,
        timestamp: new Date(),
        attempts: 1,
        body,
      })),
    );
    const ctx = createExecutionContext();
    await scraper.queue(batch as MessageBatch<unknown>, env as never, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks.sort()).toEqual(["dup-0", "dup-0", "dup-1", "dup-1", "dup-2", "dup-2"].sort());
    await new Promise((r) => setTimeout(r, 500));

    const after = await waitForJob(job.id);
    expect(after.version).toBe(job.version);
    expect(after.counts).toEqual(job.counts);
    expect(await vehiclesOf(dealer.id)).toEqual(vehiclesBefore);
    expect(await historyRows()).toBe(historyBefore);
  });

  it("a batch delivered twice while its job runs is applied once", async () => {
    const dealer = await dealershipFor("duplicates");
    // The lot is unchanged since the previous test's scrape, so a second scrape reports every vehicle once.
    const job = (await startScrape(dealer.id)).body.job;
    const running = await waitForJob(job.id, (j) => j.batches.total > 0 || j.status !== "discovering");
    // Re-send every fetch batch known so far while the job runs (duplicates of in-flight or done tasks).
    const tasks = (
      await DB.prepare("SELECT task_key FROM scrape_job_tasks WHERE job_id = ? AND kind = 'fetch'")
        .bind(job.id)
        .all<{ task_key: string }>()
    ).results;
    const queue = (env as unknown as { SCRAPE_JOBS: Queue }).SCRAPE_JOBS;
    for (const t of tasks) {
      await queue.send({
        v: 1,
        type: "fetch-batch",
        jobId: job.id,
        dealershipId: dealer.id,
        task: t.task_key,
        requestId: "dup",
      });
    }
    const done = await waitForJob(job.id);
    expect(running.id).toBe(job.id);
    expect(done.status).toBe("succeeded");
    const active = await vehiclesOf(dealer.id, "active");
    expect(done.counts.vehiclesFound).toBe(active.length);
    expect(done.counts.vehiclesUnchanged + done.counts.vehiclesUpdated + done.counts.vehiclesNew).toBe(
      active.length,
    );
    expect(done.batches.done).toBe(done.batches.total);
  });
});
