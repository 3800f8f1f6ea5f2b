// The scheduler's settings from the env: SCRAPER_STALE_JOB_SECONDS (the stalled-job reaper's timeout, read
// by the scraper AND the API) and SCRAPER_SCHEDULE_SPREAD_SECONDS (the start spread of a tick), validated
// with errors that name them; and the reaper on the cron following the configured timeout.
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../packages/config/src/index";
import { DEFAULT_SCRAPE_SETTINGS, invalidMessage, sendAll } from "../../packages/services/src/index";
import { parseScraperConfig } from "../../workers/scraper/src/config";
import scraper from "../../workers/scraper/src/index";
import { DB, dealershipFor } from "./support/helpers";

const base = env as unknown as Record<string, unknown>;

function problem(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  return "no error";
}

describe("scheduler settings from the env", () => {
  it("SCRAPER_STALE_JOB_SECONDS and SCRAPER_SCHEDULE_SPREAD_SECONDS: defaults, values, bad values named", () => {
    const defaults = parseScraperConfig({ ...base, SCRAPER_SCHEDULE_SPREAD_SECONDS: undefined } as never);
    expect(defaults.settings.staleJobSeconds).toBe(DEFAULT_SCRAPE_SETTINGS.staleJobSeconds);
    expect(defaults.settings.scheduleSpreadSeconds).toBe(240);
    const set = parseScraperConfig({
      ...base,
      SCRAPER_STALE_JOB_SECONDS: "7200",
      SCRAPER_SCHEDULE_SPREAD_SECONDS: "0",
    } as never);
    expect(set.settings).toMatchObject({ staleJobSeconds: 7200, scheduleSpreadSeconds: 0 });
    expect(set.settings.budget).toEqual(DEFAULT_SCRAPE_SETTINGS.budget);

    for (const [setting, value, why] of [
      ["SCRAPER_STALE_JOB_SECONDS", "60", /at least 900/],
      ["SCRAPER_STALE_JOB_SECONDS", "4h", /whole number/],
      ["SCRAPER_STALE_JOB_SECONDS", String(8 * 24 * 3600), /at most 604800/],
      ["SCRAPER_SCHEDULE_SPREAD_SECONDS", "300", /at most 299/],
      ["SCRAPER_SCHEDULE_SPREAD_SECONDS", "-1", /whole number/],
    ] as const) {
      const message = problem(() => parseScraperConfig({ ...base, [setting]: value } as never));
      expect(message, `${setting}=${value}`).toContain(setting);
      expect(message).toMatch(why);
      // The API validates the same settings (it takes over a stalled dealership's slot and runs the
      // `npm start` tick).
      const api = problem(() => parseConfig({ ...base, [setting]: value } as never));
      expect(api, `API ${setting}=${value}`).toContain(setting);
      expect(api).toMatch(why);
    }
    // A job whose message holds its lease or waits out a retry is not stalled: the timeout must be longer.
    expect(
      problem(() =>
        parseScraperConfig({
          ...base,
          SCRAPER_STALE_JOB_SECONDS: "1800",
          SCRAPER_RETRY_MAX_SECONDS: "3600",
        } as never),
      ),
    ).toMatch(
      /SCRAPER_STALE_JOB_SECONDS: must be more than SCRAPER_LEASE_SECONDS and SCRAPER_RETRY_MAX_SECONDS/,
    );
    expect(parseConfig({ ...base, SCRAPER_STALE_JOB_SECONDS: "7200" } as never).scraping).toEqual({
      staleJobSeconds: 7200,
    });
  });

  it("the cron's reaper fails a job with no change for SCRAPER_STALE_JOB_SECONDS, not before", async () => {
    const dealer = await dealershipFor("cron-b", { scrapeSchedule: { enabled: false, cron: "0 3 * * *" } });
    const jobId = `job_stale_${Date.now().toString(36)}`;
    const now = new Date().toISOString();
    // A job whose messages were lost: active, holding the dealership's slot, no change since `now`.
    await DB.batch([
      DB.prepare(
        `INSERT INTO scrape_jobs (id, dealership_id, trigger, status, website_url, budget, requested_by, request_id,
          scheduled_for, version, created_at, updated_at)
         VALUES (?, ?, 'manual', 'discovering', ?, ?, 'test', 'req_stale', NULL, 1, ?, ?)`,
      ).bind(jobId, dealer.id, dealer.websiteUrl, JSON.stringify(DEFAULT_SCRAPE_SETTINGS.budget), now, now),
      DB.prepare(
        `INSERT INTO scrape_state (dealership_id, active_job_id, active_since, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (dealership_id) DO UPDATE SET active_job_id = excluded.active_job_id,
           active_since = excluded.active_since`,
      ).bind(dealer.id, jobId, now, now),
    ]);
    const tickEnv = { ...base, SCRAPER_STALE_JOB_SECONDS: "900" };
    const tick = async (at: number) => {
      const ctx = createExecutionContext();
      await scraper.scheduled(
        createScheduledController({ scheduledTime: at, cron: "*/5 * * * *" }),
        tickEnv as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    };
    const job = () =>
      DB.prepare("SELECT status, last_error FROM scrape_jobs WHERE id = ?")
        .bind(jobId)
        .first<{ status: string; last_error: string | null }>();

    await tick(Date.now() + 10 * 60_000); // 10 minutes: under the configured 15
    expect((await job())?.status).toBe("discovering");
    await tick(Date.now() + 16 * 60_000); // 16 minutes: stalled (the default 4 h would still wait)
    expect(await job()).toMatchObject({ status: "failed" });
    expect((await job())?.last_error).toMatch(/^stalled: no progress since /);
    const state = await DB.prepare("SELECT active_job_id FROM scrape_state WHERE dealership_id = ?")
      .bind(dealer.id)
      .first<{ active_job_id: string | null }>();
    expect(state?.active_job_id).toBeNull();
  });
});

describe("schedule messages on the dead-letter path", () => {
  const deliver = async (queue: string, body: unknown) => {
    const id = `m-${Math.random().toString(36).slice(2)}`;
    const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts: 1, body }]);
    const ctx = createExecutionContext();
    await scraper.queue!(batch as MessageBatch<unknown>, env as never, ctx);
    const result = (await getQueueResult(batch, ctx)) as unknown as { explicitAcks: string[] };
    const letter = await DB.prepare(
      "SELECT job_id, dealership_id, queue, body, reason FROM scrape_dead_letters WHERE message_id = ?",
    )
      .bind(id)
      .first<{
        job_id: string | null;
        dealership_id: string | null;
        queue: string;
        body: string;
        reason: string;
      }>();
    return { acked: result.explicitAcks.includes(id), letter };
  };
  const valid = {
    v: 1,
    type: "schedule",
    at: "2026-03-02T00:01:00.000Z",
    requestId: "req_dlq",
    dealerships: [{ id: "dlr_gone", slot: "2026-03-02T00:00:00.000Z" }],
  };

  it("a malformed schedule message is recorded as dead at once (jobless) and acked", async () => {
    expect(invalidMessage(valid)).toBeNull();
    expect(invalidMessage({ ...valid, dealerships: [] })).toMatch(/1 to 20/);
    expect(invalidMessage({ ...valid, at: "yesterday" })).toMatch(/at must be/);
    expect(invalidMessage({ ...valid, type: "schedule-scan", cursor: "" })).toMatch(/cursor/);
    const bad = { ...valid, dealerships: Array(21).fill(valid.dealerships[0]) };
    const { acked, letter } = await deliver("scrape-jobs", bad);
    expect(acked).toBe(true);
    expect(letter).toMatchObject({ job_id: null, queue: "scrape-jobs" });
    expect(letter?.reason).toMatch(/malformed message: dealerships must list 1 to 20/);
  });

  it("a schedule message that exhausted its retries is recorded jobless (the next tick re-sends its slots)", async () => {
    const { acked, letter } = await deliver("scrape-jobs-dlq", valid);
    expect(acked).toBe(true);
    expect(letter).toMatchObject({ job_id: null, dealership_id: "dlr_gone", queue: "scrape-jobs" });
    expect(JSON.parse(String(letter?.body))).toMatchObject({ type: "schedule", requestId: "req_dlq" });
  });

  it("an unknown dealership in a schedule message is skipped, the message acked", async () => {
    const { acked, letter } = await deliver("scrape-jobs", valid);
    expect(acked).toBe(true);
    expect(letter).toBeNull();
  });

  it("sendAll keeps each sendBatch within 100 messages and the byte budget, delays kept per message", async () => {
    const calls: { body: unknown; delaySeconds?: number }[][] = [];
    const queue = {
      send: async (body: unknown, o?: { delaySeconds?: number }) => void calls.push([{ body, ...o }]),
      sendBatch: async (ms: { body: unknown; delaySeconds?: number }[]) => void calls.push(ms),
    };
    const big = (i: number) => ({
      body: {
        ...valid,
        dealerships: Array.from({ length: 20 }, (_, k) => ({
          id: `dlr_${"x".repeat(50)}_${i}_${k}`,
          slot: valid.dealerships[0]!.slot,
        })),
      },
      delaySeconds: i % 7,
    });
    await sendAll(queue as never, Array.from({ length: 250 }, (_, i) => big(i)) as never);
    expect(calls.flat()).toHaveLength(250);
    for (const c of calls) {
      expect(c.length).toBeLessThanOrEqual(100);
      expect(new TextEncoder().encode(JSON.stringify(c.map((m) => m.body))).length).toBeLessThan(256 * 1024);
    }
    expect(calls[0]?.length).toBeLessThan(100); // the byte budget, not the count, cut the first batch
    expect(calls.flat().map((m) => m.delaySeconds ?? 0)).toEqual(
      Array.from({ length: 250 }, (_, i) => i % 7),
    );
  });
});
