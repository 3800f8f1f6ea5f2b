import {
  createExecutionContext,
  createScheduledController,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import scraper from "../../workers/scraper/src/index";
import { dealerAdmin } from "../api/helpers/auth";
import {
  DB,
  dealershipFor,
  siteAdmin,
  siteState,
  startScrape,
  vehiclesOf,
  waitForJob,
} from "../workers/support/helpers";
import { DatabaseUnreachable, faultyD1, outageAfter } from "./support/faulty-d1";
import { QueueDriver } from "./support/queue-driver";

/**
 * Faults of the scraping pipeline, in workerd against the real local D1 and Durable Objects, with every
 * scrape-jobs message delivered through the scraper's real queue handler by QueueDriver (duplicated,
 * reordered, failing mid-batch, with the database going away). Each scenario is compared with the truth
 * of the demo site and with a clean run: no vehicle duplicated, no accepted write lost, nothing done twice.
 */

/** runInDurableObject with loose types (its generic inference over our DO classes is too deep for tsc). */
const inObject = runInDurableObject as unknown as <R>(
  stub: DurableObjectStub,
  fn: (instance: any, state: DurableObjectState) => R | Promise<R>,
) => Promise<R>;

const realDb = (env as unknown as { DB: D1Database }).DB;

/** Starts a scrape through the API with the driver's env (its discover message is captured). */
async function start(driver: QueueDriver, dealershipId: string): Promise<string> {
  const res = await driver.api(`/v1/dealerships/${dealershipId}/scrapes`, {
    method: "POST",
    body: "{}",
    token: await dealerAdmin(dealershipId),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.job.id as string;
}

const job = async (id: string) => waitForJob(id, () => true);

async function priceHistoryRows(dealershipId: string): Promise<number> {
  const row = await DB.prepare("SELECT count(*) AS n FROM price_history WHERE dealership_id = ?")
    .bind(dealershipId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** The lot as the database holds it: VINs of active vehicles, and no VIN twice. */
async function lot(dealershipId: string): Promise<string[]> {
  const all = await vehiclesOf(dealershipId, "active,sold,removed");
  const vins = all.map((v) => v.vin as string);
  expect(new Set(vins).size, "a vehicle was duplicated").toBe(vins.length);
  const rows = await DB.prepare("SELECT count(*) AS n FROM vehicles WHERE dealership_id = ?")
    .bind(dealershipId)
    .first<{ n: number }>();
  expect(rows?.n).toBe(vins.length);
  return all
    .filter((v) => v.status === "active")
    .map((v) => v.vin as string)
    .sort();
}

/** A clean run of the site's scrape for a fresh dealership: the baseline every faulty run must equal. */
async function cleanRun(site: "flow" | "duplicates") {
  const dealer = await dealershipFor(site);
  const driver = new QueueDriver();
  const id = await start(driver, dealer.id);
  await driver.drain();
  const done = await job(id);
  expect(done.status).toBe("succeeded");
  return { done, vins: await lot(dealer.id), history: await priceHistoryRows(dealer.id) };
}

describe("faults: duplicated and reordered scrape messages", () => {
  it("every message delivered twice, in a random order: the final state equals a clean run", async () => {
    await siteAdmin("duplicates", "reset");
    const truth = (await siteState("duplicates")).vins.sort();
    const clean = await cleanRun("duplicates");
    expect(clean.vins).toEqual(truth);

    for (const seed of [1, 7, 42]) {
      const dealer = await dealershipFor("duplicates");
      const driver = new QueueDriver({ duplicate: true, shuffleSeed: seed, batchSize: 3 });
      const id = await start(driver, dealer.id);
      await driver.drain();
      const done = await job(id);
      expect(done.status, `seed ${seed}`).toBe("succeeded");
      expect(done.counts, `seed ${seed}`).toEqual(clean.done.counts);
      expect(done.batches).toEqual(clean.done.batches);
      expect(await lot(dealer.id)).toEqual(truth);
      expect(await priceHistoryRows(dealer.id)).toBe(clean.history);
      // Each changed vehicle was announced to the embedder at least once, and only vehicles of this lot.
      const announced = new Set(driver.embedMessages.flatMap((m) => m.vehicleIds as string[]));
      const ids = new Set((await vehiclesOf(dealer.id, "active")).map((v) => v.id));
      expect([...announced].sort()).toEqual([...ids].sort());
    }
  });
});

describe("faults: a consumer that throws mid-batch", () => {
  it("the failing message is retried alone; its neighbours are acked; nothing is applied twice", async () => {
    await siteAdmin("flow", "reset");
    const truth = (await siteState("flow")).vins.sort();
    const clean = await cleanRun("flow");
    const a = await dealershipFor("flow");
    const b = await dealershipFor("flow");
    let victim = "";
    let seen = 0;
    // Job B's database calls fail once, on its 6th statement: in the middle of one of its messages.
    const driver = new QueueDriver({
      batchSize: 4,
      db: () =>
        faultyD1(realDb, (info) => {
          if (!victim || !info.params.includes(victim)) return;
          if (++seen === 6) throw new DatabaseUnreachable(info.sql);
        }),
    });
    const jobA = await start(driver, a.id);
    victim = await start(driver, b.id);
    await driver.drain();

    const failed = driver.deliveries.filter((d) => d.retried.length > 0);
    expect(failed.length).toBeGreaterThanOrEqual(1);
    const first = failed[0]!;
    expect(first.retried).toHaveLength(1);
    expect(first.ids.length, "the failure happened inside a batch of several messages").toBeGreaterThan(1);
    expect(first.acked.sort()).toEqual(first.ids.filter((id) => !first.retried.includes(id)).sort());
    const failedBody = first.bodies[first.ids.indexOf(first.retried[0]!)]!;
    expect(failedBody.jobId).toBe(victim);

    for (const [dealer, id] of [
      [a, jobA],
      [b, victim],
    ] as const) {
      const done = await job(id);
      expect(done.status).toBe("succeeded");
      expect(done.counts).toEqual(clean.done.counts);
      expect(await lot(dealer.id)).toEqual(truth);
      expect(await priceHistoryRows(dealer.id)).toBe(clean.history);
    }
    const b2 = await job(victim);
    expect(b2.errors.map((e: any) => e.code)).toContain("message_failed");
  });
});

describe("faults: the database unreachable mid-job", () => {
  it("an outage of 40 statements in the middle of a scrape: retries finish the job; the lot is complete", async () => {
    await siteAdmin("flow", "reset");
    const truth = (await siteState("flow")).vins.sort();
    const clean = await cleanRun("flow");
    const dealer = await dealershipFor("flow");
    const gate = outageAfter(30, 40);
    const driver = new QueueDriver({ batchSize: 2, db: () => faultyD1(realDb, gate) });
    const id = await start(driver, dealer.id);
    await driver.drain();
    expect(gate.failed).toBe(40);
    expect(driver.deliveries.some((d) => d.retried.length > 0)).toBe(true);
    expect(driver.deadLettered).toEqual([]);
    const done = await job(id);
    expect(done.status).toBe("succeeded");
    expect(done.counts).toEqual(clean.done.counts);
    expect(await lot(dealer.id)).toEqual(truth);
    expect(await priceHistoryRows(dealer.id)).toBe(clean.history);
  });
});

describe("faults: a Durable Object reset mid-job", () => {
  it("JobProgress storage wiped and its memory dropped: the next update republishes from the database", async () => {
    await siteAdmin("flow", "reset");
    const clean = await cleanRun("flow");
    const dealer = await dealershipFor("flow");
    const driver = new QueueDriver({ batchSize: 2 });
    const id = await start(driver, dealer.id);
    await driver.drain((b) => b.type === "discover");
    const ns = (env as unknown as { JOB_PROGRESS: DurableObjectNamespace }).JOB_PROGRESS;
    const stub = ns.get(ns.idFromName(id)) as DurableObjectStub;
    await inObject(stub, async (instance, state) => {
      expect(state.storage.kv.get("snapshot")).toBeTruthy();
      await state.storage.deleteAll();
      instance.snapshot = undefined; // as a freshly created object would start
    });
    await driver.drain();
    const done = await job(id);
    expect(done.status).toBe("succeeded");
    expect(done.counts).toEqual(clean.done.counts);
    const snapshot = await inObject(stub, async (_i, state) => state.storage.kv.get<any>("snapshot"));
    expect(snapshot).toMatchObject({ status: "succeeded", counts: done.counts });
  });

  it("RateLimiter storage wiped and its memory dropped between requests: requests keep being served", async () => {
    const dealer = await dealershipFor("flow");
    // A dealer admin's requests are limited in its dealership's bucket (one RateLimiter per dealership).
    const token = await dealerAdmin(dealer.id);
    const driver = new QueueDriver();
    const read = () => driver.api(`/v1/dealerships/${dealer.id}`, { method: "GET", token });
    expect((await read()).status).toBe(200);
    const ns = (env as unknown as { RATE_LIMITER: DurableObjectNamespace }).RATE_LIMITER;
    const stub = ns.get(ns.idFromName(dealer.id));
    await inObject(stub, async (instance, state) => {
      await state.storage.deleteAll();
      for (const k of Object.keys(instance)) if (instance[k] instanceof Map) instance[k].clear();
    });
    const after = await Promise.all(Array.from({ length: 5 }, read));
    expect(after.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe("faults: no job stuck forever (the stale-job reaper on the scraper's cron)", () => {
  async function tick(at: number) {
    const ctx = createExecutionContext();
    await scraper.scheduled!(
      createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }),
      env as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
  }

  it("a job whose messages were all lost is failed with a reason after staleJobSeconds, freeing the dealership", async () => {
    const dealer = await dealershipFor("ws", { scrapeSchedule: { enabled: false, cron: "0 3 * * *" } });
    // The real queue has no consumer in this project: the job's message is lost.
    const started = await startScrape(dealer.id);
    expect(started.status).toBe(202);
    const id = started.body.job.id;
    expect((await startScrape(dealer.id)).status).toBe(409); // busy while it "runs"

    await tick(Date.now() + 3 * 3600_000); // 3 h later: not yet stale (default 4 h)
    expect((await job(id)).status).toBe("queued");

    await tick(Date.now() + 4 * 3600_000 + 60_000); // the injectable clock: the cron's scheduledTime
    const reaped = await job(id);
    expect(reaped.status).toBe("failed");
    expect(reaped.lastError).toMatch(/^stalled: no progress since /);
    expect(reaped.finishedAt).toBeTruthy();
    const again = await startScrape(dealer.id);
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.job.id).not.toBe(id);
  });
});

describe("faults: no inventory mass-removed", () => {
  it("a scrape whose detail pages mostly fail ends needs_review and removes nothing", async () => {
    await siteAdmin("review", "reset");
    const dealer = await dealershipFor("review");
    const healthy = new QueueDriver();
    const first = await start(healthy, dealer.id);
    await healthy.drain();
    expect((await job(first)).status).toBe("succeeded");
    const active = (await vehiclesOf(dealer.id, "active")).length;

    const driver = new QueueDriver();
    const id = await start(driver, dealer.id);
    await driver.drain((b) => b.type === "discover");
    await siteAdmin("review", "set?failEvery=1"); // every page from now on answers 500
    try {
      await driver.drain();
    } finally {
      await siteAdmin("review", "set?failEvery=0");
    }
    const done = await job(id);
    expect(done.status, JSON.stringify(done.review)).toBe("needs_review");
    expect(done.counts.pagesFailed).toBeGreaterThan(done.counts.vehiclesFound);
    expect(done.counts.vehiclesRemoved).toBe(0);
    expect((await vehiclesOf(dealer.id, "active")).length).toBe(active);
  });
});
