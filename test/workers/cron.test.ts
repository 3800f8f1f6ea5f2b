import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import scraper from "../../workers/scraper/src/index";
import { platformAdmin } from "../api/helpers/auth";
import { get, patch } from "../api/helpers/http";
import { DB, dealershipFor, waitForJob } from "./support/helpers";

// No start spread here (test/workers/cron-scale.test.ts covers it): the consumer starts the jobs at once.
const tickEnv = { ...(env as object), SCRAPER_SCHEDULE_SPREAD_SECONDS: "0" };

/** One cron tick: it only enqueues `schedule` messages; the real queue consumer starts the jobs. */
async function tick(at: Date) {
  const ctx = createExecutionContext();
  await scraper.scheduled(
    createScheduledController({ scheduledTime: at.getTime(), cron: "*/5 * * * *" }),
    tickEnv as never,
    ctx,
  );
  await waitOnExecutionContext(ctx);
}

const jobsOf = async (dealershipId: string) =>
  (await get(`/v1/dealerships/${dealershipId}/jobs`, { token: await platformAdmin() })).body.items;

/** The dealership's jobs once there are `n` (the queue consumer creates them after the tick). */
async function jobsWhen(dealershipId: string, n: number, timeoutMs = 20_000): Promise<any[]> {
  const started = Date.now();
  for (;;) {
    const jobs = await jobsOf(dealershipId);
    if (jobs.length >= n || Date.now() - started > timeoutMs) return jobs;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("cron trigger: scheduled scrapes per dealership schedule and timezone", () => {
  it("enqueues due dealerships once per slot, skips disabled and paused ones, and records the slot", async () => {
    const due = await dealershipFor("cron", { scrapeSchedule: { enabled: true, cron: "*/5 * * * *" } });
    const disabled = await dealershipFor("cron-b", {
      scrapeSchedule: { enabled: false, cron: "*/5 * * * *" },
    });
    const paused = await dealershipFor("cron-b", { scrapeSchedule: { enabled: true, cron: "*/5 * * * *" } });
    expect(
      (await patch(`/v1/dealerships/${paused.id}`, { status: "paused" }, { token: await platformAdmin() }))
        .status,
    ).toBe(200);

    // 10 minutes from now there is a */5 slot later than the dealerships' creation.
    const at = new Date(Date.now() + 10 * 60_000);
    await tick(at);
    await tick(at); // the same tick again (a retried cron): a second `schedule` message, no second job
    const jobs = await jobsWhen(due.id, 1);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ trigger: "schedule", requestedBy: "schedule" });
    const slot = new Date(Math.floor(at.getTime() / 300_000) * 300_000).toISOString();
    expect(jobs[0].scheduledFor).toBe(slot);
    expect(await jobsOf(disabled.id)).toEqual([]);
    expect(await jobsOf(paused.id)).toEqual([]);
    const done = await waitForJob(jobs[0].id);
    expect(done.status).toBe("succeeded");
    expect(done.counts.vehiclesFound).toBeGreaterThan(0);
    // Both schedule messages have long been consumed by now: still one job, and the slot recorded.
    expect(await jobsOf(due.id)).toHaveLength(1);
    const state = await DB.prepare(
      "SELECT last_slot_at, last_schedule_error FROM scrape_state WHERE dealership_id = ?",
    )
      .bind(due.id)
      .first<{ last_slot_at: string; last_schedule_error: string | null }>();
    expect(state).toMatchObject({ last_slot_at: slot, last_schedule_error: null });

    // The next slot enqueues again.
    await tick(new Date(at.getTime() + 5 * 60_000));
    expect(await jobsWhen(due.id, 2)).toHaveLength(2);
    await waitForJob((await jobsOf(due.id))[0].id);
  });

  it("a dealership whose schedule is in another timezone is due on its own clock", async () => {
    // "0 3 * * *" in Asia/Tokyo is 18:00 UTC the previous day; in America/Los_Angeles 10:00 or 11:00 UTC.
    const tokyo = await dealershipFor("cron-b", {
      timezone: "Asia/Tokyo",
      scrapeSchedule: { cron: "0 3 * * *" },
    });
    const la = await dealershipFor("cron-b", {
      timezone: "America/Los_Angeles",
      scrapeSchedule: { cron: "0 3 * * *" },
    });
    // Step forward to the first local 03:00 after creation in either zone: that one is due, the other not.
    const due = (at: Date, tz: string, created: string) => sinceLocal3(at, tz) < minutesSince(created, at);
    let at = new Date(Date.now() + 60_000);
    for (
      let i = 0;
      i < 600 && !due(at, "Asia/Tokyo", tokyo.createdAt) && !due(at, "America/Los_Angeles", la.createdAt);
      i++
    ) {
      at = new Date(at.getTime() + 5 * 60_000);
    }
    const [first, second] = due(at, "Asia/Tokyo", tokyo.createdAt) ? [tokyo, la] : [la, tokyo];
    expect(due(at, second.timezone, second.createdAt)).toBe(false);
    await tick(at);
    expect(await jobsWhen(first.id, 1)).toHaveLength(1);
    await waitForJob((await jobsOf(first.id))[0].id);
    expect(await jobsOf(second.id)).toHaveLength(0);
  });
});

/** Minutes since local midnight in `tz`. */
function localMinutes(at: Date, tz: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: tz,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const h = Number(parts.find((p) => p.type === "hour")?.value);
  const m = Number(parts.find((p) => p.type === "minute")?.value);
  return h * 60 + m;
}
/** Minutes since the last local 03:00 in `tz`. */
function sinceLocal3(at: Date, tz: string): number {
  const m = localMinutes(at, tz);
  return (m - 180 + 1440) % 1440;
}
function minutesSince(iso: string, at: Date): number {
  return (at.getTime() - Date.parse(iso)) / 60_000;
}
