// The cron tick at 2,000+ dealerships: it only decides and enqueues (`schedule` messages), so its D1
// queries stay under a fixed bound whatever the number of dealerships; the scraper's REAL queue handler
// starts the jobs, 20 dealerships per message, under the 1,000 queries per invocation; starts are spread
// by a deterministic per-dealership delay. Queries are counted by a D1 wrapper in front of the real
// local D1 (every prepared statement, and every round trip: a batch is one).
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import {
  SCHEDULE_MESSAGE_MAX,
  SCHEDULE_PAGE_SIZE,
  SCHEDULE_PAGES_PER_INVOCATION,
  type ScheduleMessage,
  scheduleOffsetSeconds,
} from "../../packages/services/src/index";
import scraper from "../../workers/scraper/src/index";
import { platformAdmin } from "../api/helpers/auth";
import { get } from "../api/helpers/http";
import { DB, dealershipFor, waitForJob } from "./support/helpers";

/** The Workers Paid limit: D1 queries (and subrequests) per invocation. */
const PER_INVOCATION_LIMIT = 1_000;

interface Counts {
  /** Prepared statements (each statement of a batch counts). */
  statements: number;
  /** Calls to D1 (a batch is one call). */
  roundTrips: number;
}

/**
 * The real D1 binding behind a counter. Every statement is prepared once and run once (alone, or in one
 * batch), so round trips = batches + statements prepared outside a batch.
 */
function countingD1(db: D1Database): { binding: D1Database; counts: () => Counts } {
  let prepared = 0;
  let batches = 0;
  let batched = 0;
  const binding = {
    prepare(query: string) {
      prepared++;
      return db.prepare(query);
    },
    batch(statements: D1PreparedStatement[]) {
      batches++;
      batched += statements.length;
      return db.batch(statements);
    },
    exec: (q: string) => db.exec(q),
    dump: () => db.dump(),
    withSession: (c?: string) => db.withSession(c as never),
  };
  return {
    binding: binding as unknown as D1Database,
    counts: () => ({ statements: prepared, roundTrips: batches + (prepared - batched) }),
  };
}

interface Sent {
  body: Record<string, any>;
  delaySeconds: number;
}

/** A scrape-jobs producer that records what is sent (per call) instead of enqueuing it. */
function captureQueue(opts: { failDiscoverFor?: string } = {}) {
  const calls: { messages: Sent[]; bytes: number }[] = [];
  const record = (messages: Sent[]) => {
    for (const m of messages) {
      if (m.body.type === "discover" && m.body.dealershipId === opts.failDiscoverFor)
        throw new Error("queue unavailable (test)");
    }
    calls.push({
      messages,
      bytes: messages.reduce((n, m) => n + new TextEncoder().encode(JSON.stringify(m.body)).length, 0),
    });
  };
  const queue = {
    async send(body: Record<string, any>, o?: { delaySeconds?: number }) {
      record([{ body, delaySeconds: o?.delaySeconds ?? 0 }]);
    },
    async sendBatch(msgs: { body: Record<string, any>; delaySeconds?: number }[]) {
      record(msgs.map((m) => ({ body: m.body, delaySeconds: m.delaySeconds ?? 0 })));
    },
  };
  const sent = () => calls.flatMap((c) => c.messages);
  return { queue, calls, sent };
}

const PREFIX = "dlr_scale_";
const ZONES = ["America/Chicago", "Europe/London", "Asia/Tokyo", "America/Los_Angeles", "Australia/Sydney"];
const idOf = (n: number) => `${PREFIX}${String(n).padStart(5, "0")}`;

/** Dealerships [from, to), straight into D1 (the API would take minutes): active, hourly, mixed zones. */
async function insertDealerships(from: number, to: number, createdAt: string) {
  const limits = JSON.stringify({
    public: { limit: 100, windowSeconds: 60 },
    staff: { limit: 100, windowSeconds: 60 },
  });
  const statements: D1PreparedStatement[] = [];
  for (let start = from; start < to; start += 100) {
    const rows: string[] = [];
    for (let n = start; n < Math.min(to, start + 100); n++) {
      const schedule = JSON.stringify({ enabled: true, cron: `${(n * 7) % 60} * * * *` });
      rows.push(
        `('${idOf(n)}', 'Scale ${n}', 'https://scale-${n}.invalid/', '${ZONES[n % ZONES.length]}', '${schedule}', '${limits}', 'active', '${createdAt}', '${createdAt}')`,
      );
    }
    statements.push(
      DB.prepare(
        `INSERT INTO dealerships (id, name, website_url, timezone, scrape_schedule, rate_limits, status, created_at, updated_at) VALUES ${rows.join(", ")}`,
      ),
    );
  }
  for (let i = 0; i < statements.length; i += 50) await DB.batch(statements.slice(i, i + 50));
}

/** One cron tick with counted D1 and a capturing queue; the ids of ours it scheduled, with their delays. */
async function countedTick(at: Date, spread = "240") {
  const d1 = countingD1(DB);
  const capture = captureQueue();
  const ctx = createExecutionContext();
  const tickEnv = {
    ...(env as object),
    DB: d1.binding,
    SCRAPE_JOBS: capture.queue,
    SCRAPER_SCHEDULE_SPREAD_SECONDS: spread,
  };
  const t0 = performance.now();
  await scraper.scheduled(
    createScheduledController({ scheduledTime: at.getTime(), cron: "*/5 * * * *" }),
    tickEnv as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const ms = performance.now() - t0;
  return { counts: d1.counts(), capture, ms, tickEnv };
}

/** Our dealerships named by the `schedule` messages sent, with each message's delay. */
function scheduled(sent: Sent[]): Map<string, { slot: string; delay: number; message: Sent }> {
  const out = new Map<string, { slot: string; delay: number; message: Sent }>();
  for (const m of sent) {
    if (m.body.type !== "schedule") continue;
    for (const d of m.body.dealerships as { id: string; slot: string }[]) {
      if (!d.id.startsWith(PREFIX)) continue;
      expect(out.has(d.id), `${d.id} scheduled twice`).toBe(false);
      out.set(d.id, { slot: d.slot, delay: m.delaySeconds, message: m });
    }
  }
  return out;
}

/** Delivers `schedule` messages through the scraper's real queue handler with counted D1. */
async function deliver(bodies: Record<string, any>[], capture = captureQueue()) {
  const d1 = countingD1(DB);
  const batch = createMessageBatch(
    "scrape-jobs",
    bodies.map((body, i) => ({
      id: `sched-${i}-${Math.random()}`,
      timestamp: new Date(),
      attempts: 1,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await scraper.queue!(
    batch as MessageBatch<unknown>,
    { ...(env as object), DB: d1.binding, SCRAPE_JOBS: capture.queue } as never,
    ctx,
  );
  const result = (await getQueueResult(batch, ctx)) as unknown as { explicitAcks: string[] };
  return { counts: d1.counts(), capture, acked: result.explicitAcks.length };
}

const ourJobs = async () =>
  (
    await DB.prepare(
      `SELECT id, dealership_id, status, scheduled_for, request_id FROM scrape_jobs WHERE dealership_id LIKE '${PREFIX}%'`,
    ).all<{ id: string; dealership_id: string; status: string; scheduled_for: string; request_id: string }>()
  ).results;

async function cleanUp() {
  const ours = `(SELECT id FROM dealerships WHERE id LIKE '${PREFIX}%')`;
  await DB.batch([
    DB.prepare(
      `DELETE FROM scrape_job_errors WHERE job_id IN (SELECT id FROM scrape_jobs WHERE dealership_id IN ${ours})`,
    ),
    DB.prepare(`DELETE FROM scrape_jobs WHERE dealership_id IN ${ours}`),
    DB.prepare(`DELETE FROM idempotency_keys WHERE dealership_id IN ${ours}`),
    DB.prepare(`DELETE FROM scrape_state WHERE dealership_id IN ${ours}`),
    DB.prepare(`DELETE FROM dealerships WHERE id LIKE '${PREFIX}%'`),
  ]);
}

describe("cron: starts spread through the real queue", () => {
  it("each dealership's schedule message is delayed by its own offset; the jobs run", async () => {
    const spread = 3;
    const dealers = await Promise.all(
      [0, 1, 2].map(() =>
        dealershipFor("cron-b", { scrapeSchedule: { enabled: true, cron: "*/5 * * * *" } }),
      ),
    );
    const tickEnv = { ...(env as object), SCRAPER_SCHEDULE_SPREAD_SECONDS: String(spread) };
    const at = new Date(Date.now() + 10 * 60_000);
    const sentAt = Date.now();
    const ctx = createExecutionContext();
    await scraper.scheduled(
      createScheduledController({ scheduledTime: at.getTime(), cron: "*/5 * * * *" }),
      tickEnv as never,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    const token = await platformAdmin();
    const jobs: any[] = [];
    for (const d of dealers) {
      let job: any;
      for (let i = 0; i < 400 && !job; i++) {
        job = (await get(`/v1/dealerships/${d.id}/jobs`, { token })).body.items[0];
        if (!job) await new Promise((r) => setTimeout(r, 50));
      }
      expect(job, `no job for ${d.id}`).toBeTruthy();
      jobs.push(job);
      // Not started before its offset (the queue held its `schedule` message that long).
      const offset = scheduleOffsetSeconds(d.id, spread);
      expect(Date.parse(job.createdAt) - sentAt).toBeGreaterThanOrEqual(offset * 1000 - 250);
    }
    // One tick, one correlation id on every job it started (the messages carry it on).
    const requestIds = new Set<string>();
    for (const j of jobs) {
      const row = await DB.prepare("SELECT request_id FROM scrape_jobs WHERE id = ?")
        .bind(j.id)
        .first<{ request_id: string }>();
      requestIds.add(String(row?.request_id));
    }
    expect(requestIds.size).toBe(1);
    expect([...requestIds][0]).toMatch(/^req_/);
    for (const j of jobs) expect((await waitForJob(j.id)).status).toBe("succeeded");
  });
});

describe("cron at scale: bounded tick, bounded consumer", () => {
  afterAll(cleanUp);
  const createdAt = new Date().toISOString();
  // 61 minutes ahead: every hourly schedule has exactly one slot since the dealerships were created.
  const at = new Date(Date.now() + 61 * 60_000);
  let big: Awaited<ReturnType<typeof countedTick>>;
  let flat: Awaited<ReturnType<typeof countedTick>>;
  const dealershipCount = async () =>
    Number((await DB.prepare("SELECT count(*) AS n FROM dealerships").first<{ n: number }>())?.n);

  it("the tick's queries do not grow with the dealerships (200 → 2,000 → 6,000) and every due one is enqueued once", async () => {
    await insertDealerships(0, 200, createdAt);
    const small = await countedTick(at);
    await insertDealerships(200, 2_000, createdAt);
    big = await countedTick(at);
    // The same 2,000 without a spread: one delay, so full messages of SCHEDULE_MESSAGE_MAX (used below).
    flat = await countedTick(at, "0");
    const totalBig = await dealershipCount();
    await insertDealerships(2_000, 6_000, createdAt);
    const huge = await countedTick(at);
    const totalHuge = await dealershipCount();
    console.log(
      `[cron-scale] tick: 200 → ${JSON.stringify(small.counts)} ${small.ms.toFixed(0)} ms; 2,000 → ${JSON.stringify(big.counts)} ${big.ms.toFixed(0)} ms, ${big.capture.calls.length} queue calls; 6,000 → ${JSON.stringify(huge.counts)} ${huge.ms.toFixed(0)} ms, ${huge.capture.calls.length} queue calls`,
    );

    // What grows with the dealerships is only the scan's reads, and those stop at the page budget: past
    // it a `schedule-scan` message continues in another invocation.
    const maxExtraReads = SCHEDULE_PAGES_PER_INVOCATION - 1;
    for (const t of [big, huge]) {
      expect(t.counts.statements).toBeLessThanOrEqual(small.counts.statements + maxExtraReads);
      expect(t.counts.roundTrips).toBeLessThanOrEqual(small.counts.roundTrips + maxExtraReads);
      expect(t.counts.statements + t.capture.calls.length).toBeLessThan(PER_INVOCATION_LIMIT / 10);
    }
    // Exactly the extra pages up to the budget (other tests' dealerships share the table).
    const pages = (n: number) =>
      Math.min(SCHEDULE_PAGES_PER_INVOCATION, Math.max(1, Math.ceil(n / SCHEDULE_PAGE_SIZE)));
    expect(huge.counts.statements - big.counts.statements).toBe(pages(totalHuge) - pages(totalBig));

    // 2,000: all of them in this invocation, each exactly once, SCHEDULE_MESSAGE_MAX per message, the
    // Queues batch limits kept, each delayed by its own deterministic offset.
    const at2k = scheduled(big.capture.sent());
    expect(at2k.size).toBe(2_000);
    for (const call of big.capture.calls) {
      expect(call.messages.length).toBeLessThanOrEqual(100);
      expect(call.bytes).toBeLessThan(256 * 1024);
    }
    for (const [id, s] of at2k) {
      expect(s.message.body.dealerships.length).toBeLessThanOrEqual(SCHEDULE_MESSAGE_MAX);
      expect(s.message.body.at).toBe(at.toISOString());
      expect(s.message.body.requestId).toMatch(/^req_/);
      expect(s.delay).toBe(scheduleOffsetSeconds(id, 240));
    }
    // Spread: no second of the 4-minute window gets more than a small share of the starts.
    const perSecond = new Map<number, number>();
    for (const s of at2k.values()) perSecond.set(s.delay, (perSecond.get(s.delay) ?? 0) + 1);
    expect(perSecond.size).toBeGreaterThan(200);
    expect(Math.max(...perSecond.values())).toBeLessThan(40);
    expect(big.capture.sent().some((m) => m.body.type === "schedule-scan")).toBe(false);
    const full = [...scheduled(flat.capture.sent()).values()].map((s) => s.message);
    expect(new Set(full).size).toBeLessThanOrEqual(Math.ceil(2_000 / SCHEDULE_MESSAGE_MAX) + 1);
    for (const m of full) expect(m.delaySeconds).toBe(0);

    // 6,000: one invocation covers SCHEDULE_PAGES_PER_INVOCATION pages, a `schedule-scan` continues.
    const first = scheduled(huge.capture.sent());
    const scans = huge.capture.sent().filter((m) => m.body.type === "schedule-scan");
    expect(scans).toHaveLength(1);
    expect(first.size).toBeLessThanOrEqual(SCHEDULE_PAGE_SIZE * SCHEDULE_PAGES_PER_INVOCATION);
    const rest = await deliver([scans[0]!.body]);
    expect(rest.acked).toBe(1);
    expect(rest.counts.statements).toBeLessThanOrEqual(SCHEDULE_PAGES_PER_INVOCATION);
    const second = scheduled(rest.capture.sent());
    expect(first.size + second.size).toBe(6_000);
    for (const id of second.keys()) expect(first.has(id)).toBe(false);
  });

  it("a batch of 4 schedule messages (80 dealerships) starts their jobs under the per-invocation limit; failures stay per dealership; a redelivery starts nothing twice", async () => {
    const messages = [
      ...new Map(
        [...scheduled(flat.capture.sent()).values()].map((s) => [s.message.body, s.message.body]),
      ).keys(),
    ]
      // Full messages of this file's dealerships only (others' may share the table).
      .filter(
        (b) =>
          b.dealerships.length === SCHEDULE_MESSAGE_MAX &&
          b.dealerships.every((d: { id: string }) => d.id.startsWith(PREFIX)),
      )
      .slice(0, 4) as unknown as ScheduleMessage[];
    expect(messages).toHaveLength(4);
    const ids = messages.flatMap((m) => m.dealerships.map((d) => d.id));
    const failing = ids[7] as string;

    const first = await deliver(messages as never, captureQueue({ failDiscoverFor: failing }));
    console.log(
      `[cron-scale] consumer, 4 schedule messages / 80 dealerships: ${JSON.stringify(first.counts)}`,
    );
    expect(first.acked).toBe(4);
    // Per dealership at most 7 statements (createJob's atomic write of 4, then the key or state read and
    // the existing job), plus per message one read and the recorded results.
    const bound = 4 * (1 + SCHEDULE_MESSAGE_MAX * 7 + SCHEDULE_MESSAGE_MAX);
    expect(first.counts.statements).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(PER_INVOCATION_LIMIT);
    const discovers = first.capture.sent().filter((m) => m.body.type === "discover");
    expect(first.counts.roundTrips + first.capture.calls.length).toBeLessThan(PER_INVOCATION_LIMIT / 2);

    const jobs = await ourJobs();
    expect(jobs).toHaveLength(80);
    expect(discovers).toHaveLength(79);
    for (const d of discovers) {
      expect(d.body).toMatchObject({ round: 0, offset: 0, requestId: messages[0]!.requestId });
      expect(jobs.find((j) => j.id === d.body.jobId)?.status).toBe("queued");
    }
    const slotOf = new Map(messages.flatMap((m) => m.dealerships.map((d) => [d.id, d.slot])));
    for (const j of jobs) expect(new Date(j.scheduled_for).toISOString()).toBe(slotOf.get(j.dealership_id));
    // The failure is the failing dealership's own: recorded on it, its slot left for the next tick.
    const states = (
      await DB.prepare(
        `SELECT dealership_id, last_slot_at, last_schedule_error FROM scrape_state WHERE dealership_id LIKE '${PREFIX}%'`,
      ).all<{ dealership_id: string; last_slot_at: string | null; last_schedule_error: string | null }>()
    ).results;
    const failed = states.find((s) => s.dealership_id === failing);
    expect(failed?.last_schedule_error).toContain("queue unavailable (test)");
    expect(failed?.last_slot_at).toBeNull();
    const ok = states.filter((s) => ids.includes(s.dealership_id) && s.dealership_id !== failing);
    expect(ok).toHaveLength(79);
    for (const s of ok)
      expect(s).toMatchObject({ last_slot_at: slotOf.get(s.dealership_id), last_schedule_error: null });

    // The same 4 messages again (at-least-once delivery): no second job for any slot.
    const again = await deliver(messages as never);
    expect(again.acked).toBe(4);
    expect(await ourJobs()).toHaveLength(80);
    expect(again.capture.sent().filter((m) => m.body.type === "discover")).toHaveLength(0);
    expect(again.counts.statements).toBeLessThan(first.counts.statements / 4);

    // The next hourly slot while those jobs still run: busy, skipped and recorded; nothing started.
    const next = messages.slice(0, 1).map((m) => ({
      ...m,
      at: new Date(at.getTime() + 3600_000).toISOString(),
      dealerships: m.dealerships
        .filter((d) => d.id !== failing)
        .map((d) => ({ id: d.id, slot: new Date(Date.parse(d.slot) + 3600_000).toISOString() })),
    }));
    const busy = await deliver(next as never);
    expect(busy.acked).toBe(1);
    expect(await ourJobs()).toHaveLength(80);
    const nextState = await DB.prepare("SELECT last_slot_at FROM scrape_state WHERE dealership_id = ?")
      .bind(next[0]!.dealerships[0]!.id)
      .first<{ last_slot_at: string }>();
    expect(nextState?.last_slot_at).toBe(next[0]!.dealerships[0]!.slot);
  });
});
