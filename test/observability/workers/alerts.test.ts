import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { METRICS } from "@forecourt/observability";
import { describe, expect, inject, it } from "vitest";
import api from "../../../workers/api/src/index";
import scraper from "../../../workers/scraper/src/index";
import { platformAdmin } from "../../api/helpers/auth";
import { post } from "../../api/helpers/http";
import { receivedAt } from "../support/receivers";
import { captureLogs, sample, scrape, sleep } from "./support";

const { receivers } = inject("observabilityServers");

describe("alerts on the scraper's cron: evaluated, deduplicated, resolved, delivered to every channel", () => {
  it("a dead letter fires once on Slack, PagerDuty, the webhook and email, then resolves once", async () => {
    const run = Date.now().toString(36);
    const paths = {
      slack: `/slack/${run}`,
      pagerduty: `/pagerduty/${run}`,
      webhook: `/webhook/${run}`,
      email: `/email/${run}`,
    };
    const alertEnv = {
      ...(env as object),
      ALERT_SOURCE: `forecourt-test-${run}`,
      ALERT_SLACK_WEBHOOK_URL: receivers + paths.slack,
      ALERT_PAGERDUTY_ROUTING_KEY: "0123456789abcdef0123456789abcdef",
      ALERT_PAGERDUTY_URL: receivers + paths.pagerduty,
      ALERT_WEBHOOK_URL: receivers + paths.webhook,
      ALERT_WEBHOOK_SECRET: "whsec-test-0123456789abcdef",
      ALERT_EMAIL_API_URL: receivers + paths.email,
      ALERT_EMAIL_API_KEY: "re_test_12345678_abcdefgh",
      ALERT_EMAIL_FROM: "alerts@forecourt.example",
      ALERT_EMAIL_TO: "oncall@forecourt.example",
      ALERT_SCHEDULE_GRACE_MINUTES: "1",
    };
    // A dealership on a 5-minute schedule that never gets scraped successfully (its site does not exist).
    const late = await post(
      "/v1/dealerships",
      {
        name: `Late ${run}`,
        websiteUrl: `https://late-${run}.example/`,
        timezone: "UTC",
        scrapeSchedule: { enabled: true, cron: "*/5 * * * *" },
      },
      { token: await platformAdmin() },
    );
    expect(late.status, late.text).toBe(201);

    const t0 = Date.now() + 3_600_000; // later than any window another test may have stored
    const tick = async (minutes: number) => {
      const ctx = createExecutionContext();
      await scraper.scheduled(
        createScheduledController({ scheduledTime: t0 + minutes * 60_000, cron: "*/5 * * * *" }),
        alertEnv as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    };
    const got = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(paths).map(async ([k, p]) => [
            k,
            (await receivedAt(receivers, p)).map((r) => JSON.parse(r.body)),
          ]),
        ),
      ) as Record<keyof typeof paths, any[]>;

    await tick(0); // first tick: the window starts here
    // A malformed embed-jobs message: the embedder records it as a dead letter (the real consumer path).
    const before = sample((await scrape()).text, METRICS.deadLetters.name, { queue: "embed-jobs" });
    await (env as unknown as { EMBED_JOBS: Queue }).EMBED_JOBS.send({
      type: "vehicle.changed",
      dealershipId: "",
      vehicleIds: "nope",
    });
    for (
      let i = 0;
      i < 400 && sample((await scrape()).text, METRICS.deadLetters.name, { queue: "embed-jobs" }) === before;
      i++
    )
      await sleep(50);
    expect(sample((await scrape()).text, METRICS.deadLetters.name, { queue: "embed-jobs" })).toBe(before + 1);

    await tick(5);
    await tick(10); // still in the same state for the schedule rule; dead letters: none new → resolves
    let r = await got();
    const deadKey = "dead_letters:embed-jobs";
    const pdDead = r.pagerduty.filter((e) => e.dedup_key === `forecourt:forecourt-test-${run}:${deadKey}`);
    expect(pdDead.map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    expect(pdDead[0]).toMatchObject({
      routing_key: "0123456789abcdef0123456789abcdef",
      payload: { severity: "error", source: `forecourt-test-${run}` },
    });
    const slackDead = r.slack.filter(
      (m) => m.text.includes("dead_letters") && m.text.includes("of embed-jobs"),
    );
    expect(slackDead.map((m) => m.text.split(" ")[1])).toEqual(["FIRING", "RESOLVED"]);
    const hookDead = r.webhook.filter((m) => m.alert.key === deadKey);
    expect(hookDead.map((m) => m.status)).toEqual(["firing", "resolved"]);
    const mailDead = r.email.filter(
      (m) => m.subject.includes("dead_letters") && m.subject.includes("of embed-jobs"),
    );
    expect(mailDead).toHaveLength(2);
    expect(mailDead[0].to).toEqual(["oncall@forecourt.example"]);

    // The dealership that was never scraped: one trigger, not repeated on later ticks.
    const lateKey = `schedule_missed:${late.body.id}`;
    await tick(15);
    r = await got();
    const pdLate = r.pagerduty.filter((e) => e.dedup_key.endsWith(lateKey));
    expect(pdLate.map((e) => e.event_action)).toEqual(["trigger"]);
    expect(pdLate[0].payload.summary).toContain(late.body.id);
    expect(r.webhook.filter((m) => m.alert.key === lateKey)).toHaveLength(1);
    // Nothing about dead letters after the resolve.
    expect(r.pagerduty.filter((e) => e.dedup_key.endsWith(deadKey))).toHaveLength(2);
  });
});

describe("alerts under `npm start`: the API's scheduled handler (what wrangler dev exposes) runs them too", () => {
  it("one API tick evaluates the rules, logs `alerts evaluated` as the api worker and notifies the channel", async () => {
    const run = `api${Date.now().toString(36)}`;
    const path = `/webhook/${run}`;
    const late = await post(
      "/v1/dealerships",
      {
        name: `Late via API ${run}`,
        websiteUrl: `https://late-${run}.example/`,
        timezone: "UTC",
        scrapeSchedule: { enabled: true, cron: "*/5 * * * *" },
      },
      { token: await platformAdmin() },
    );
    expect(late.status, late.text).toBe(201);
    const alertEnv = {
      ...(env as object),
      ALERT_SOURCE: `forecourt-test-${run}`,
      ALERT_WEBHOOK_URL: receivers + path,
      ALERT_SCHEDULE_GRACE_MINUTES: "1",
    };
    const ctx = createExecutionContext();
    const { lines } = await captureLogs(async () => {
      await api.scheduled!(
        createScheduledController({ scheduledTime: Date.now() + 6 * 3_600_000, cron: "* * * * *" }),
        alertEnv as never,
        ctx,
      );
      await waitOnExecutionContext(ctx);
    });
    const evaluated = lines
      .map((l) => {
        try {
          return JSON.parse(l);
        } catch {
          return null;
        }
      })
      .filter((l) => l?.msg === "alerts evaluated");
    expect(evaluated).toHaveLength(1);
    expect(evaluated[0]).toMatchObject({
      worker: "api",
      trigger: "cron",
      task: "alerts",
      channels: ["webhook"],
    });
    const hooks = (await receivedAt(receivers, path)).map((r) => JSON.parse(r.body));
    const mine = hooks.filter((m) => m.alert.key === `schedule_missed:${late.body.id}`);
    expect(mine.map((m) => m.status)).toEqual(["firing"]);
    expect(mine[0].alert.source).toBe(`forecourt-test-${run}`);
  });
});
