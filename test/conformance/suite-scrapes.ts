import { expect } from "vitest";
import type { NewScrapeJob, Repositories } from "../../packages/db/src/index";
import { at, newDealership, uid, vehicleFields } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

const BUDGET = { maxPages: 100, maxBytes: 1_000_000, maxSeconds: 600 };

function newJob(dealershipId: string, overrides: Partial<NewScrapeJob> = {}): NewScrapeJob {
  return {
    id: uid("job"),
    dealershipId,
    trigger: "manual",
    websiteUrl: "https://forecourt.example/",
    budget: BUDGET,
    requestedBy: "tester",
    scheduledFor: null,
    now: at(0),
    ...overrides,
  };
}

const NO_KEY = { idempotency: null, lockStaleBefore: at(-600) };
const key = (k: string, hash = "h1", validAfter = at(-1440)) => ({
  idempotency: { scope: "scrape", key: k, requestHash: hash, validAfter },
  lockStaleBefore: at(-600),
});

async function startedJob(repos: Repositories) {
  const d = await repos.dealerships.create(newDealership());
  const r = await repos.scrapes.createJob(newJob(d.id), NO_KEY);
  if (r.outcome !== "created") throw new Error("job not created");
  return { d, job: r.job };
}

export function scrapeCases({ repos, fresh, test }: SuiteContext) {
  test("createJob: a queued job with zero counts, readable with getJob", async () => {
    const d = await repos().dealerships.create(newDealership());
    const input = newJob(d.id, { scheduledFor: at(-5), trigger: "schedule", requestId: "req_conformance_1" });
    const r = await repos().scrapes.createJob(input, NO_KEY);
    expect(r.outcome).toBe("created");
    const job = r.outcome === "created" ? r.job : null;
    expect(job).toMatchObject({
      id: input.id,
      requestId: "req_conformance_1",
      dealershipId: d.id,
      trigger: "schedule",
      status: "queued",
      websiteUrl: input.websiteUrl,
      budget: BUDGET,
      requestedBy: "tester",
      counts: {
        pagesQueued: 0,
        pagesFetched: 0,
        pagesFailed: 0,
        vehiclesFound: 0,
        vehiclesNew: 0,
        vehiclesUpdated: 0,
        vehiclesUnchanged: 0,
        vehiclesRemoved: 0,
      },
      errorCount: 0,
      errors: [],
      batchesTotal: 0,
      batchesDone: 0,
      discoveryDone: false,
      truncated: null,
      bytesFetched: 0,
      review: null,
      scheduledFor: at(-5),
      lastError: null,
      replays: 0,
      version: 1,
      createdAt: at(0),
      startedAt: null,
      finishedAt: null,
      updatedAt: at(0),
    });
    expect(await repos().scrapes.getJob(input.id)).toEqual(job);
    expect(await repos().scrapes.getJob(uid("missing"))).toBeNull();
  });

  test("createJob: one active scrape per dealership; the slot frees when the job ends", async () => {
    const d = await repos().dealerships.create(newDealership());
    const first = await repos().scrapes.createJob(newJob(d.id), NO_KEY);
    expect(first.outcome).toBe("created");
    const firstId = first.outcome === "created" ? first.job.id : "";
    const second = newJob(d.id);
    expect(await repos().scrapes.createJob(second, NO_KEY)).toEqual({
      outcome: "busy",
      activeJobId: firstId,
    });
    expect(await repos().scrapes.getJob(second.id)).toBeNull();
    // Another dealership is not affected.
    const other = await repos().dealerships.create(newDealership());
    expect((await repos().scrapes.createJob(newJob(other.id), NO_KEY)).outcome).toBe("created");
    // Ending the job frees the slot.
    const ended = await repos().scrapes.updateJob(firstId, {
      now: at(5),
      from: ["queued"],
      status: "succeeded",
      finish: true,
      releaseClaim: true,
    });
    expect(ended).toMatchObject({ status: "succeeded", finishedAt: at(5), version: 2 });
    expect((await repos().scrapes.createJob(newJob(d.id, { now: at(6) }), NO_KEY)).outcome).toBe("created");
  });

  test("createJob: a claim older than lockStaleBefore is taken over", async () => {
    const d = await repos().dealerships.create(newDealership());
    await repos().scrapes.createJob(newJob(d.id, { now: at(0) }), NO_KEY);
    const later = newJob(d.id, { now: at(1000) });
    const r = await repos().scrapes.createJob(later, { idempotency: null, lockStaleBefore: at(500) });
    expect(r.outcome).toBe("created");
  });

  test("createJob: idempotency keys return the same job, flag a different request, expire", async () => {
    const d = await repos().dealerships.create(newDealership());
    const a = newJob(d.id);
    const created = await repos().scrapes.createJob(a, key("k-1"));
    expect(created.outcome).toBe("created");
    const again = await repos().scrapes.createJob(newJob(d.id), key("k-1"));
    expect(again).toMatchObject({ outcome: "existing", sameRequest: true, job: { id: a.id } });
    const changed = await repos().scrapes.createJob(newJob(d.id), key("k-1", "h2"));
    expect(changed).toMatchObject({ outcome: "existing", sameRequest: false, job: { id: a.id } });
    // The same key in another dealership is another key.
    const other = await repos().dealerships.create(newDealership());
    expect((await repos().scrapes.createJob(newJob(other.id), key("k-1"))).outcome).toBe("created");
    // A different key while the job runs: busy, and the key is not kept.
    const busy = await repos().scrapes.createJob(newJob(d.id), key("k-2"));
    expect(busy).toEqual({ outcome: "busy", activeJobId: a.id });
    await repos().scrapes.updateJob(a.id, { now: at(1), status: "failed", finish: true, releaseClaim: true });
    const k2 = newJob(d.id, { now: at(2) });
    expect((await repos().scrapes.createJob(k2, key("k-2", "h1", at(-1000)))).outcome).toBe("created");
    await repos().scrapes.updateJob(k2.id, {
      now: at(3),
      status: "failed",
      finish: true,
      releaseClaim: true,
    });
    // After the window, k-1 creates a new job.
    const expired = newJob(d.id, { now: at(2000) });
    const r = await repos().scrapes.createJob(expired, key("k-1", "h1", at(1500)));
    expect(r).toMatchObject({ outcome: "created", job: { id: expired.id } });
  });

  test("createJob: concurrent requests for one dealership create exactly one job", async () => {
    const d = await repos().dealerships.create(newDealership());
    const instances = await Promise.all(Array.from({ length: 6 }, () => fresh()));
    try {
      const results = await Promise.all(
        instances.map((r, i) => r.scrapes.createJob(newJob(d.id), i % 2 ? key("same") : NO_KEY)),
      );
      const created = results.filter((r) => r.outcome === "created");
      expect(created).toHaveLength(1);
      const id = created[0]?.outcome === "created" ? created[0].job.id : "";
      for (const r of results) {
        if (r.outcome === "busy") expect([id, null]).toContain(r.activeJobId);
        if (r.outcome === "existing") expect(r.job.id).toBe(id);
      }
      const page = await repos().scrapes.listJobs({ dealershipIds: [d.id], limit: 50 });
      expect(page.items.map((j) => j.id)).toEqual([id]);
    } finally {
      await Promise.all(instances.map((r) => r.close()));
    }
  });

  test("updateJob: guarded transitions, counters, review, start/finish, reclaim", async () => {
    const { d, job } = await startedJob(repos());
    expect(
      await repos().scrapes.updateJob(job.id, { now: at(1), from: ["fetching"], status: "reconciling" }),
    ).toBeNull();
    const started = await repos().scrapes.updateJob(job.id, {
      now: at(1),
      from: ["queued"],
      status: "discovering",
      start: true,
      counters: { pagesQueued: 3, bytesFetched: 5_000_000_000 },
      truncated: "page budget",
    });
    expect(started).toMatchObject({
      status: "discovering",
      startedAt: at(1),
      counts: { pagesQueued: 3 },
      bytesFetched: 5_000_000_000,
      truncated: "page budget",
      version: 2,
    });
    const again = await repos().scrapes.updateJob(job.id, {
      now: at(2),
      start: true,
      truncated: "second reason",
      discoveryDone: true,
      lastError: "boom",
      review: {
        reasons: ["r"],
        wouldRemove: [{ vehicleId: "v1", vin: "V1" }],
        wouldRemoveCount: 1,
        baseline: { jobId: null, vehiclesFound: 3, activeBefore: 4 },
        resolution: null,
      },
    });
    expect(again).toMatchObject({
      startedAt: at(1),
      truncated: "page budget",
      discoveryDone: true,
      lastError: "boom",
      review: { reasons: ["r"], wouldRemoveCount: 1 },
    });
    const dead = await repos().scrapes.updateJob(job.id, { now: at(3), status: "dead", releaseClaim: true });
    expect(dead?.status).toBe("dead");
    // Another job takes the slot; replaying the dead one cannot reclaim it.
    const other = await repos().scrapes.createJob(newJob(d.id, { now: at(4) }), NO_KEY);
    expect(other.outcome).toBe("created");
    expect(
      await repos().scrapes.updateJob(job.id, {
        now: at(5),
        from: ["dead"],
        status: "fetching",
        reclaim: { staleBefore: at(-100) },
      }),
    ).toBeNull();
    expect((await repos().scrapes.getJob(job.id))?.status).toBe("dead");
    const otherId = other.outcome === "created" ? other.job.id : "";
    await repos().scrapes.updateJob(otherId, { now: at(6), status: "succeeded", releaseClaim: true });
    const replayed = await repos().scrapes.updateJob(job.id, {
      now: at(7),
      from: ["dead"],
      status: "fetching",
      replays: 1,
      reclaim: { staleBefore: at(-100) },
    });
    expect(replayed).toMatchObject({ status: "fetching", replays: 1 });
    expect((await repos().scrapes.createJob(newJob(d.id, { now: at(8) }), NO_KEY)).outcome).toBe("busy");
  });

  test("tasks: ensure is idempotent, claim with a lease, takeover after expiry, release", async () => {
    const { d, job } = await startedJob(repos());
    const s = repos().scrapes;
    await s.ensureTasks(
      job.id,
      d.id,
      [{ taskKey: "f:a:0", kind: "fetch", urls: ["https://x.example/1"] }],
      at(0),
    );
    await s.ensureTasks(
      job.id,
      d.id,
      [
        { taskKey: "f:a:0", kind: "fetch", urls: ["https://x.example/other"] },
        { taskKey: "d:0:0", kind: "discover", urls: null },
      ],
      at(1),
    );
    const tasks = await s.listTasks(job.id);
    expect(tasks.map((t) => [t.taskKey, t.kind, t.urls, t.status])).toEqual([
      ["d:0:0", "discover", null, "pending"],
      ["f:a:0", "fetch", ["https://x.example/1"], "pending"],
    ]);
    expect((await s.listTasks(job.id, { kind: "fetch" })).map((t) => t.taskKey)).toEqual(["f:a:0"]);
    expect((await s.listTasks(job.id, { keyPrefix: "d:" })).map((t) => t.taskKey)).toEqual(["d:0:0"]);

    const c1 = await s.claimTask(job.id, "f:a:0", { token: "t1", until: at(10), now: at(2) });
    expect(c1).toMatchObject({
      claimed: true,
      task: { status: "processing", leaseToken: "t1", attempts: 1 },
    });
    const c2 = await s.claimTask(job.id, "f:a:0", { token: "t2", until: at(12), now: at(3) });
    expect(c2).toMatchObject({ claimed: false, task: { leaseToken: "t1" } });
    const c3 = await s.claimTask(job.id, "f:a:0", { token: "t3", until: at(30), now: at(11) });
    expect(c3).toMatchObject({ claimed: true, task: { leaseToken: "t3", attempts: 2 } });
    await s.releaseTask(job.id, "f:a:0", "t1");
    expect((await s.getTask(job.id, "f:a:0"))?.status).toBe("processing");
    await s.releaseTask(job.id, "f:a:0", "t3");
    expect((await s.getTask(job.id, "f:a:0"))?.status).toBe("pending");
    expect(await s.claimTask(job.id, "nope", { token: "t", until: at(10), now: at(2) })).toEqual({
      claimed: false,
      task: null,
    });
  });

  test("completeTask: applies counters and errors once, only for the lease holder", async () => {
    const { d, job } = await startedJob(repos());
    const s = repos().scrapes;
    await s.ensureTasks(
      job.id,
      d.id,
      [{ taskKey: "f:0", kind: "fetch", urls: ["https://x.example/1"] }],
      at(0),
    );
    await s.claimTask(job.id, "f:0", { token: "old", until: at(5), now: at(0) });
    await s.claimTask(job.id, "f:0", { token: "new", until: at(50), now: at(6) });
    const input = {
      now: at(7),
      result: { failedUrls: ["https://x.example/1"] },
      counters: { pagesFetched: 1, pagesFailed: 1, vehiclesFound: 2, batchesDone: 1, bytesFetched: 1234 },
      errors: [{ url: "https://x.example/1", code: "http_error", message: "HTTP 500", at: at(7) }],
      errorCap: 10,
    };
    expect(await s.completeTask(job.id, "f:0", "old", input)).toBeNull();
    const done = await s.completeTask(job.id, "f:0", "new", { ...input, discoveryDone: true });
    expect(done).toMatchObject({
      counts: { pagesFetched: 1, pagesFailed: 1, vehiclesFound: 2 },
      batchesDone: 1,
      bytesFetched: 1234,
      errorCount: 1,
      discoveryDone: true,
    });
    // A duplicate delivery (same or other token) changes nothing.
    expect(await s.completeTask(job.id, "f:0", "new", input)).toBeNull();
    expect(await s.claimTask(job.id, "f:0", { token: "dup", until: at(90), now: at(80) })).toMatchObject({
      claimed: false,
      task: { status: "done", result: { failedUrls: ["https://x.example/1"] } },
    });
    const after = await s.getJob(job.id);
    expect(after?.counts.pagesFetched).toBe(1);
    expect(after?.errorCount).toBe(1);
    expect(after?.errors).toEqual([
      { url: "https://x.example/1", code: "http_error", message: "HTTP 500", at: at(7) },
    ]);
  });

  test("completeTask: concurrent completions of different tasks add up", async () => {
    const { d, job } = await startedJob(repos());
    const keys = Array.from({ length: 8 }, (_, i) => `f:${i}`);
    await repos().scrapes.ensureTasks(
      job.id,
      d.id,
      keys.map((k) => ({ taskKey: k, kind: "fetch" as const, urls: [] })),
      at(0),
    );
    const instances = await Promise.all(keys.map(() => fresh()));
    try {
      await Promise.all(
        keys.map(async (k, i) => {
          const r = instances[i] as Repositories;
          await r.scrapes.claimTask(job.id, k, { token: `t${i}`, until: at(100), now: at(1) });
          await r.scrapes.completeTask(job.id, k, `t${i}`, {
            now: at(2),
            result: null,
            counters: { pagesFetched: 3, batchesDone: 1 },
            errors: [],
            errorCap: 5,
          });
        }),
      );
    } finally {
      await Promise.all(instances.map((r) => r.close()));
    }
    const after = await repos().scrapes.getJob(job.id);
    expect(after?.counts.pagesFetched).toBe(24);
    expect(after?.batchesDone).toBe(8);
  });

  test("addErrors: keeps at most `cap` errors but counts all", async () => {
    const { job } = await startedJob(repos());
    const errors = Array.from({ length: 5 }, (_, i) => ({
      url: null,
      code: "message_failed",
      message: `attempt ${i}`,
      at: at(i),
    }));
    await repos().scrapes.addErrors(job.id, errors, 3, at(10));
    const after = await repos().scrapes.getJob(job.id);
    expect(after?.errorCount).toBe(5);
    expect(after?.errors.map((e) => e.message)).toEqual(["attempt 0", "attempt 1", "attempt 2"]);
    expect((await repos().scrapes.getJob(job.id, { errorsLimit: 1 }))?.errors).toHaveLength(1);
  });

  test("pages: de-duplicated per job, found-by and frontier rounds", async () => {
    const { job } = await startedJob(repos());
    const s = repos().scrapes;
    const many = Array.from({ length: 250 }, (_, i) => ({
      url: `https://x.example/vdp/${String(i).padStart(3, "0")}`,
      kind: "vdp" as const,
      round: 0,
    }));
    await s.addPages(
      job.id,
      [...many, { url: "https://x.example/inventory?page=2", kind: "srp", round: 1 }],
      "d:0:0",
      at(0),
    );
    await s.addPages(
      job.id,
      [
        { url: "https://x.example/vdp/000", kind: "vdp", round: 0 },
        { url: "https://x.example/inventory?page=3", kind: "srp", round: 1 },
        { url: "https://x.example/inventory?page=2", kind: "srp", round: 2 },
      ],
      "d:1:0",
      at(1),
    );
    expect(await s.countPages(job.id)).toBe(252);
    expect(await s.countPages(job.id, { kind: "vdp" })).toBe(250);
    expect(await s.countPages(job.id, { kind: "srp" })).toBe(2);
    expect((await s.pagesFoundBy(job.id, "d:0:0")).length).toBe(251);
    expect(await s.pagesFoundBy(job.id, "d:1:0")).toEqual([
      { url: "https://x.example/inventory?page=3", kind: "srp", round: 1 },
    ]);
    expect(await s.frontier(job.id, 1, { offset: 0, limit: 1 })).toEqual({
      urls: ["https://x.example/inventory?page=2"],
      total: 2,
    });
    expect(await s.frontier(job.id, 1, { offset: 1, limit: 10 })).toEqual({
      urls: ["https://x.example/inventory?page=3"],
      total: 2,
    });
    expect(await s.frontier(job.id, 2, { offset: 0, limit: 10 })).toEqual({ urls: [], total: 0 });
  });

  test("reconciliation: unseen active vehicles, protected URLs, removal once", async () => {
    const { d, job } = await startedJob(repos());
    const s = repos().scrapes;
    const fields = [1, 2, 3, 4, 5].map((n) => vehicleFields(9000 + n));
    const written = await repos().vehicles.upsertMany(
      d.id,
      fields.map((f, i) => ({ newId: uid("veh"), fields: i === 4 ? { ...f, status: "sold" } : f })),
      { now: at(0), source: "api" },
    );
    const byVin = new Map(written.map((w) => [w.vin, w.id]));
    // The job (started at 10) saw vehicle 1; vehicle 2 was touched by someone else after the start.
    const seenVin = fields[0]!.vin;
    expect(await s.markSeen(job.id, [{ vin: seenVin, vehicleId: byVin.get(seenVin)! }])).toEqual([seenVin]);
    expect(await s.markSeen(job.id, [{ vin: seenVin, vehicleId: byVin.get(seenVin)! }])).toEqual([]);
    await repos().vehicles.upsertMany(d.id, [{ newId: uid("veh"), fields: fields[1]! }], {
      now: at(20),
      source: "api",
    });
    expect(await s.activeVehicleCount(d.id)).toBe(4);
    const filter = { jobId: job.id, seenBefore: at(10), protectedUrls: [fields[2]!.sourceUrl!] };
    const unseen = await s.unseenVehicles(d.id, filter, 10);
    expect(unseen).toEqual({
      total: 1,
      items: [{ vehicleId: byVin.get(fields[3]!.vin), vin: fields[3]!.vin }],
    });
    expect((await s.unseenVehicles(d.id, { ...filter, protectedUrls: [] }, 10)).total).toBe(2);
    expect(await s.unseenVehicles(d.id, filter, 0)).toEqual({ total: 1, items: [] });
    expect(await s.removeUnseen(d.id, filter, at(30))).toEqual([byVin.get(fields[3]!.vin)]);
    expect(await s.removeUnseen(d.id, filter, at(31))).toEqual([]);
    const removed = await repos().vehicles.get(d.id, byVin.get(fields[3]!.vin)!);
    expect(removed).toMatchObject({ status: "removed", removedAt: at(30), updatedAt: at(30) });
    // Another dealership's vehicles are never touched.
    const other = await repos().dealerships.create(newDealership());
    await repos().vehicles.upsertMany(other.id, [{ newId: uid("veh"), fields: vehicleFields(9100) }], {
      now: at(0),
      source: "api",
    });
    expect(await s.removeUnseen(d.id, { ...filter, protectedUrls: [] }, at(32))).toHaveLength(1);
    expect(await s.activeVehicleCount(other.id)).toBe(1);
  });

  test("lastSucceededJob, listJobs (newest first, filters, cursor), stalledJobs, purge", async () => {
    const d = await repos().dealerships.create(newDealership());
    const s = repos().scrapes;
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await s.createJob(newJob(d.id, { now: at(i) }), NO_KEY);
      const id = r.outcome === "created" ? r.job.id : "";
      ids.push(id);
      await s.updateJob(id, {
        now: at(i),
        status: i === 2 ? "failed" : "succeeded",
        finish: true,
        releaseClaim: true,
      });
    }
    expect((await s.lastSucceededJob(d.id, ids[3]!))?.id).toBe(ids[1]);
    const page1 = await s.listJobs({ dealershipIds: [d.id], limit: 2 });
    expect(page1.items.map((j) => j.id)).toEqual([ids[3], ids[2]]);
    const page2 = await s.listJobs({ dealershipIds: [d.id], limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((j) => j.id)).toEqual([ids[1], ids[0]]);
    expect(page2.nextCursor).toBeNull();
    const failed = await s.listJobs({ dealershipIds: [d.id], statuses: ["failed", "dead"], limit: 10 });
    expect(failed.items.map((j) => j.id)).toEqual([ids[2]]);
    expect((await s.listJobs({ dealershipIds: [], limit: 10 })).items).toEqual([]);
    await expect(s.listJobs({ limit: 10, cursor: "garbage" })).rejects.toThrow(/cursor/);

    const live = await s.createJob(newJob(d.id, { now: at(100) }), NO_KEY);
    const liveId = live.outcome === "created" ? live.job.id : "";
    const stalled = await s.stalledJobs(at(200), 1000);
    expect(stalled.map((j) => j.id)).toContain(liveId);
    expect(stalled.map((j) => j.id)).not.toContain(ids[0]);
    expect((await s.stalledJobs(at(50), 1000)).map((j) => j.id)).not.toContain(liveId);

    await s.ensureTasks(liveId, d.id, [{ taskKey: "f:0", kind: "fetch", urls: [] }], at(100));
    await s.addPages(liveId, [{ url: "https://x.example/a", kind: "vdp", round: 0 }], "d:0:0", at(100));
    await s.markSeen(liveId, [{ vin: "VIN", vehicleId: "veh" }]);
    await s.purgeWorkingSet(liveId);
    expect(await s.listTasks(liveId)).toEqual([]);
    expect(await s.countPages(liveId)).toBe(0);
    expect(await s.markSeen(liveId, [{ vin: "VIN", vehicleId: "veh" }])).toEqual(["VIN"]);
    expect((await s.getJob(liveId))?.id).toBe(liveId);
  });

  test("dead letters: recorded once per message, listed per job, marked replayed", async () => {
    const { job } = await startedJob(repos());
    const s = repos().scrapes;
    const dl = {
      id: uid("dlq"),
      jobId: job.id,
      dealershipId: job.dealershipId,
      queue: "scrape-jobs",
      messageId: uid("msg"),
      body: JSON.stringify({ type: "reconcile", jobId: job.id }),
      attempts: 4,
      reason: "boom",
      now: at(1),
    };
    expect(await s.recordDeadLetter(dl)).toEqual({ created: true });
    expect(await s.recordDeadLetter({ ...dl, id: uid("dlq") })).toEqual({ created: false });
    const list = await s.deadLetters(job.id);
    expect(list).toEqual([
      {
        id: dl.id,
        jobId: job.id,
        dealershipId: job.dealershipId,
        queue: "scrape-jobs",
        messageId: dl.messageId,
        body: { type: "reconcile", jobId: job.id },
        reason: "boom",
        createdAt: at(1),
        replayedAt: null,
      },
    ]);
    await s.markDeadLettersReplayed([dl.id], at(2));
    expect(await s.deadLetters(job.id, { unreplayedOnly: true })).toEqual([]);
    expect((await s.deadLetters(job.id))[0]?.replayedAt).toBe(at(2));
  });

  test("scheduleCandidates pages every dealership with its last slot; recordScheduleResult", async () => {
    const d = await repos().dealerships.create(newDealership());
    const s = repos().scrapes;
    await s.recordScheduleResult(d.id, { now: at(1), slotAt: at(0) });
    await s.recordScheduleResult(d.id, { now: at(2), error: "queue unavailable" });
    const seen = new Map<string, string | null>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.scheduleCandidates({ limit: 50, cursor });
      for (const c of page.items) seen.set(c.dealership.id, c.lastSlotAt);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 1000);
    expect(seen.get(d.id)).toBe(at(0));
    const fresh = await repos().dealerships.create(newDealership());
    const first = await s.scheduleCandidates({ limit: 500 });
    const hit = first.items.find((c) => c.dealership.id === fresh.id);
    if (hit) expect(hit).toEqual({ dealership: fresh, lastSlotAt: null });
  });

  test("scheduleCandidatesByIds reads the named dealerships; recordScheduleResults writes several at once", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    const s = repos().scrapes;
    await s.recordScheduleResults([
      { dealershipId: a.id, now: at(1), slotAt: at(0), error: null },
      { dealershipId: b.id, now: at(1), error: "queue unavailable" },
    ]);
    await s.recordScheduleResults([]);
    const got = await s.scheduleCandidatesByIds([b.id, a.id, "dlr_missing"]);
    expect(got.map((c) => c.dealership.id).sort()).toEqual([a.id, b.id].sort());
    expect(got.find((c) => c.dealership.id === a.id)).toEqual({ dealership: a, lastSlotAt: at(0) });
    expect(got.find((c) => c.dealership.id === b.id)?.lastSlotAt).toBeNull();
    // A later error keeps the recorded slot (COALESCE), like recordScheduleResult.
    await s.recordScheduleResults([{ dealershipId: a.id, now: at(2), error: "later" }]);
    expect((await s.scheduleCandidatesByIds([a.id]))[0]?.lastSlotAt).toBe(at(0));
    expect(await s.scheduleCandidatesByIds([])).toEqual([]);
  });
}
