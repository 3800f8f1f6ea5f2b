import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { dealerAdmin, dealerStaff, platformAdmin } from "../api/helpers/auth";
import { call, get } from "../api/helpers/http";
import { DB, dealershipFor, siteAdmin, startScrape, waitForJob } from "./support/helpers";

describe("failures: retries with backoff, dead-letter queue, listing, replay", () => {
  it("a site that is down: the message is retried, dead-lettered, listed, and replayed once the site is back; others are not blocked", async () => {
    const down = await dealershipFor("dead");
    const healthy = await dealershipFor("isolation");
    await siteAdmin("dead", "set?failEvery=1");
    await siteAdmin("isolation", "reset");

    const deadJob = (await startScrape(down.id)).body.job;
    const okJob = (await startScrape(healthy.id)).body.job;
    // The healthy dealership finishes while the other one is failing.
    expect((await waitForJob(okJob.id)).status).toBe("succeeded");

    const dead = await waitForJob(deadJob.id);
    expect(dead.status).toBe("dead");
    expect(dead.lastError).toMatch(/unavailable.*HTTP 500/);
    // max_retries = 2 in the test queue: three attempts, each recorded.
    const attempts = dead.errors.filter((e: any) => e.code === "message_failed");
    expect(attempts.map((e: any) => e.message)).toEqual([
      expect.stringContaining("attempt 1"),
      expect.stringContaining("attempt 2"),
      expect.stringContaining("attempt 3"),
    ]);
    expect(dead.deadLetters).toEqual([
      expect.objectContaining({ queue: "scrape-jobs", messageType: "discover", replayedAt: null }),
    ]);

    // Listed as dead: for operators, and for the dealership's own staff — not for others.
    const ops = await get("/v1/jobs?status=dead&limit=100", { token: await platformAdmin() });
    expect(ops.body.items.map((j: any) => j.id)).toContain(dead.id);
    const own = await get("/v1/jobs?status=dead", { token: await dealerStaff(down.id) });
    expect(own.body.items.map((j: any) => j.id)).toEqual([dead.id]);
    const other = await get("/v1/jobs?status=dead", { token: await dealerAdmin(healthy.id) });
    expect(other.body.items).toEqual([]);
    const narrowed = await get(`/v1/jobs?status=dead&dealershipId=${down.id}`, {
      token: await dealerAdmin(healthy.id),
    });
    expect(narrowed.body.items).toEqual([]);

    // A dead job frees the dealership: a new scrape may start (here we replay instead).
    expect(
      (await call(`/v1/jobs/${dead.id}/replay`, { method: "POST", token: await dealerStaff(down.id) }))
        .status,
    ).toBe(403);
    expect(
      (await call(`/v1/jobs/${dead.id}/replay`, { method: "POST", token: await dealerAdmin(healthy.id) }))
        .status,
    ).toBe(404);
    await siteAdmin("dead", "set?failEvery=0");
    const replay = await call(`/v1/jobs/${dead.id}/replay`, {
      method: "POST",
      token: await dealerAdmin(down.id),
    });
    expect(replay.status, replay.text).toBe(200);
    expect(replay.body.job).toMatchObject({ status: "discovering", replays: 1, finishedAt: null });
    const done = await waitForJob(dead.id);
    expect(done.status, JSON.stringify(done.errors)).toBe("succeeded");
    expect(done.counts.vehiclesFound).toBeGreaterThan(0);
    expect(done.deadLetters[0].replayedAt).not.toBeNull();
    expect(
      (await call(`/v1/jobs/${dead.id}/replay`, { method: "POST", token: await platformAdmin() })).status,
    ).toBe(409);
  });

  it("a malformed (poison) message is recorded as dead at once and does not block the queue", async () => {
    const queue = (env as unknown as { SCRAPE_JOBS: Queue }).SCRAPE_JOBS;
    await queue.send({ v: 1, type: "explode", jobId: "job_nope", dealershipId: "dlr_nope", requestId: "r" });
    await queue.send("not even an object");
    const started = Date.now();
    let rows: { reason: string; attempts: number }[] = [];
    while (Date.now() - started < 20_000) {
      rows = (
        await DB.prepare(
          "SELECT reason, attempts FROM scrape_dead_letters WHERE reason LIKE 'malformed%' ORDER BY created_at",
        ).all<{
          reason: string;
          attempts: number;
        }>()
      ).results;
      if (rows.length >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows.map((r) => r.reason)).toEqual(
      expect.arrayContaining([
        'malformed message: unknown message type "explode"',
        "malformed message: the body is not an object",
      ]),
    );
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
  });
});
