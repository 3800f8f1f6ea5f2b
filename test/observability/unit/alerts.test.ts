import { createHmac } from "node:crypto";
import {
  type AlertChannel,
  type AlertCondition,
  DEFAULT_THRESHOLDS,
  emailChannel,
  evaluateMetricRules,
  evaluateScheduleRule,
  histogramQuantile,
  METRICS,
  MemoryAlertStateStore,
  MetricsRecorder,
  pagerDutyChannel,
  parseAlertConfig,
  recordDeadLetter,
  recordLlmUsage,
  recordQueueMessage,
  recordRequest,
  recordScrapeJob,
  runAlertEngine,
  slackChannel,
  webhookChannel,
  windowDelta,
} from "@forecourt/observability";
import { describe, expect, inject, it } from "vitest";
import { receivedAt } from "../support/receivers";

const { receivers } = inject("observabilityServers");
let seq = 0;
const path = (kind: string) => `/${kind}/${Date.now().toString(36)}-${seq++}`;

const cond = (over: Partial<AlertCondition> = {}): AlertCondition => ({
  key: "error_rate",
  rule: "error_rate",
  severity: "critical",
  firing: true,
  summary: "API 5xx rate 12.0%",
  details: { rate: 0.12 },
  ...over,
});

describe("alert rules from a metrics window", () => {
  it("windowDelta is increase(): differences per series; a reset series counts from zero", () => {
    const prev = [
      { name: METRICS.httpRequests.name, labels: ["/a", "GET", "200"], value: 100 },
      { name: METRICS.deadLetters.name, labels: ["scrape-jobs"], value: 10 },
    ];
    const cur = [
      { name: METRICS.httpRequests.name, labels: ["/a", "GET", "200"], value: 150 },
      { name: METRICS.deadLetters.name, labels: ["scrape-jobs"], value: 3 },
      { name: METRICS.deadLetters.name, labels: ["embed-jobs"], value: 2 },
    ];
    expect(windowDelta(prev, cur).map((p) => p.value)).toEqual([50, 3, 2]);
  });

  it("histogramQuantile interpolates like Prometheus", () => {
    const bounds = [0.1, 0.5, 1];
    expect(histogramQuantile(0.5, bounds, [50, 50, 0, 0])).toBeCloseTo(0.1);
    expect(histogramQuantile(0.95, bounds, [0, 100, 0, 0])).toBeCloseTo(0.1 + 0.4 * 0.95);
    expect(histogramQuantile(0.95, bounds, [0, 0, 0, 10])).toBe(1);
    expect(histogramQuantile(0.95, bounds, [0, 0, 0, 0])).toBeNull();
  });

  it("each rule fires above its threshold and not below, with enough data only", () => {
    const rec = new MetricsRecorder();
    for (let i = 0; i < 90; i++)
      recordRequest({ route: "/v1/x", method: "GET", status: 200, durationMs: 3000 }, rec);
    for (let i = 0; i < 10; i++)
      recordRequest({ route: "/v1/x", method: "GET", status: 503, durationMs: 10 }, rec);
    recordDeadLetter("scrape-jobs-staging", rec);
    for (const status of ["failed", "dead", "succeeded", "succeeded"])
      recordScrapeJob({ id: `j${status}`, dealershipId: "d1", status, trigger: "schedule", counts: {} }, rec);
    for (let i = 0; i < 20; i++)
      recordQueueMessage(
        {
          queue: "embed-jobs",
          type: "vehicle.changed",
          outcome: "ack",
          enqueuedAt: Date.now() - 3_600_000,
          attempts: 1,
        },
        rec,
      );
    recordLlmUsage(
      {
        dealershipId: "dlr_hot",
        feature: "chat",
        provider: "openai",
        inputTokens: 1000,
        outputTokens: 100,
        costMicroUsd: 2_000_000,
      },
      rec,
    );
    recordLlmUsage(
      {
        dealershipId: "dlr_cool",
        feature: "chat",
        provider: "openai",
        inputTokens: 10,
        outputTokens: 1,
        costMicroUsd: 10,
      },
      rec,
    );
    const window = rec.registry.drain();
    const out = evaluateMetricRules({
      window,
      windowSeconds: 300,
      thresholds: DEFAULT_THRESHOLDS,
      dailyBudgetMicroUsd: 50_000_000,
      queues: ["scrape-jobs", "embed-jobs"],
    });
    const byKey = Object.fromEntries(out.map((c) => [c.key, c]));
    expect(byKey.error_rate).toMatchObject({ firing: true, details: { errors: 10, requests: 100 } });
    expect(byKey.p95_latency!.firing).toBe(true);
    expect(byKey["dead_letters:scrape-jobs"]).toMatchObject({ firing: true, details: { deadLetters: 1 } });
    expect(byKey["dead_letters:embed-jobs"]!.firing).toBe(false);
    expect(byKey.scrape_failure_rate).toMatchObject({ firing: true, details: { failed: 2, finished: 4 } });
    expect(byKey["queue_age:embed-jobs"]!.firing).toBe(true);
    expect(byKey["llm_budget_burn:dlr_hot"]!.firing).toBe(true); // $2 in 5 min → $576/day vs $50
    expect(byKey["llm_budget_burn:dlr_cool"]!.firing).toBe(false);

    // Healthy traffic: the same rules judge and do not fire.
    const ok = new MetricsRecorder();
    for (let i = 0; i < 100; i++)
      recordRequest({ route: "/v1/x", method: "GET", status: i < 2 ? 500 : 200, durationMs: 40 }, ok);
    const calm = evaluateMetricRules({
      window: ok.registry.drain(),
      windowSeconds: 300,
      thresholds: DEFAULT_THRESHOLDS,
      dailyBudgetMicroUsd: null,
    });
    expect(calm.filter((c) => c.firing)).toEqual([]);
    expect(calm.map((c) => c.key).sort()).toEqual(["error_rate", "p95_latency"]);

    // Too few requests: no judgement at all (state stays as it was).
    const few = new MetricsRecorder();
    for (let i = 0; i < 5; i++)
      recordRequest({ route: "/v1/x", method: "GET", status: 500, durationMs: 40 }, few);
    expect(
      evaluateMetricRules({
        window: few.registry.drain(),
        windowSeconds: 300,
        thresholds: DEFAULT_THRESHOLDS,
        dailyBudgetMicroUsd: null,
      }),
    ).toEqual([]);
  });

  it("schedule rule: late when no success since the expected slot; never-due dealerships are fine", () => {
    const out = evaluateScheduleRule([
      {
        dealershipId: "a",
        expectedSlot: "2026-11-27T03:00:00.000Z",
        lastSuccessAt: "2026-11-26T03:10:00.000Z",
      },
      {
        dealershipId: "b",
        expectedSlot: "2026-11-27T03:00:00.000Z",
        lastSuccessAt: "2026-11-27T03:20:00.000Z",
      },
      { dealershipId: "c", expectedSlot: "2026-11-27T03:00:00.000Z", lastSuccessAt: null },
      { dealershipId: "d", expectedSlot: null, lastSuccessAt: null },
    ]);
    expect(out.map((c) => [c.key, c.firing])).toEqual([
      ["schedule_missed:a", true],
      ["schedule_missed:b", false],
      ["schedule_missed:c", true],
      ["schedule_missed:d", false],
    ]);
  });
});

/** A channel that records what it was asked to send, failing while `down`. */
function recordingChannel(name: string) {
  const sent: { key: string; status: string }[] = [];
  const ch = {
    name,
    down: false,
    sent,
    async send(n: { key: string; status: string }) {
      if (ch.down) throw new Error(`${name} down`);
      sent.push({ key: n.key, status: n.status });
    },
  };
  return ch;
}

describe("alert engine: dedup, resolve, per-channel retry", () => {
  it("fires once, stays quiet while firing, resolves once, and can fire again later", async () => {
    const store = new MemoryAlertStateStore();
    const ch = recordingChannel("a");
    const tick = (firing: boolean | null, minute: number) =>
      runAlertEngine({
        conditions: firing === null ? [] : [cond({ firing })],
        channels: [ch as AlertChannel],
        store,
        now: new Date(Date.UTC(2026, 10, 27, 0, minute)),
        source: "test",
      });
    await tick(true, 0);
    await tick(true, 5);
    await tick(true, 10);
    await tick(null, 15); // no data: no change, no resolve
    expect(ch.sent).toEqual([{ key: "error_rate", status: "firing" }]);
    await tick(false, 20);
    await tick(false, 25);
    expect(ch.sent.map((s) => s.status)).toEqual(["firing", "resolved"]);
    expect(store.state).toEqual({});
    await tick(true, 30);
    expect(ch.sent.map((s) => s.status)).toEqual(["firing", "resolved", "firing"]);
  });

  it("a failing channel is retried next tick without re-notifying the healthy one", async () => {
    const store = new MemoryAlertStateStore();
    const good = recordingChannel("good");
    const flaky = recordingChannel("flaky");
    flaky.down = true;
    const run = (firing: boolean) =>
      runAlertEngine({
        conditions: [cond({ firing })],
        channels: [good, flaky] as AlertChannel[],
        store,
        now: new Date(),
        source: "test",
      });
    const r1 = await run(true);
    expect(r1.deliveries.map((d) => [d.channel, d.ok])).toEqual([
      ["good", true],
      ["flaky", false],
    ]);
    flaky.down = false;
    await run(true);
    expect(good.sent).toHaveLength(1);
    expect(flaky.sent).toEqual([{ key: "error_rate", status: "firing" }]);
    await run(false);
    expect(good.sent.map((s) => s.status)).toEqual(["firing", "resolved"]);
    expect(flaky.sent.map((s) => s.status)).toEqual(["firing", "resolved"]);
  });

  it("an alert that clears before any channel heard of it sends nothing", async () => {
    const store = new MemoryAlertStateStore();
    const ch = recordingChannel("x");
    ch.down = true;
    await runAlertEngine({
      conditions: [cond()],
      channels: [ch as AlertChannel],
      store,
      now: new Date(),
      source: "t",
    });
    ch.down = false;
    await runAlertEngine({
      conditions: [cond({ firing: false })],
      channels: [ch as AlertChannel],
      store,
      now: new Date(),
      source: "t",
    });
    expect(ch.sent).toEqual([]);
    expect(store.state).toEqual({});
  });
});

describe("alert channels against local receivers (wire formats)", () => {
  const notification = (status: "firing" | "resolved") => ({
    key: "dead_letters:scrape-jobs",
    rule: "dead_letters" as const,
    severity: "error" as const,
    status,
    summary: "3 message(s) of scrape-jobs dead-lettered in the last 5 min",
    details: { queue: "scrape-jobs", deadLetters: 3 },
    startsAt: "2026-11-27T07:00:00.000Z",
    endsAt: status === "resolved" ? "2026-11-27T07:10:00.000Z" : null,
    source: "forecourt-test",
  });

  it("Slack incoming webhook: JSON text + blocks", async () => {
    const p = path("slack");
    await slackChannel(`${receivers}${p}`).send(notification("firing"));
    const [got] = await receivedAt(receivers, p);
    expect(got!.headers["content-type"]).toBe("application/json");
    const body = JSON.parse(got!.body);
    expect(body.text).toContain("FIRING [error] dead_letters: 3 message(s) of scrape-jobs");
    expect(body.blocks[0]).toMatchObject({ type: "section", text: { type: "mrkdwn" } });
    expect(body.blocks.at(-1).elements[0].text).toContain("dead_letters:scrape-jobs");
  });

  it("PagerDuty Events API v2: trigger then resolve with the same dedup_key", async () => {
    const p = path("pagerduty");
    const key = "0123456789abcdef0123456789abcdef";
    const ch = pagerDutyChannel(key, { url: `${receivers}${p}` });
    await ch.send(notification("firing"));
    await ch.send(notification("resolved"));
    const [trigger, resolve] = (await receivedAt(receivers, p)).map((r) => JSON.parse(r.body));
    expect(trigger).toMatchObject({
      routing_key: key,
      event_action: "trigger",
      dedup_key: "forecourt:forecourt-test:dead_letters:scrape-jobs",
      payload: {
        summary: expect.stringContaining("dead_letters"),
        severity: "error",
        source: "forecourt-test",
        custom_details: { deadLetters: 3 },
      },
    });
    expect(["critical", "error", "warning", "info"]).toContain(trigger.payload.severity);
    expect(resolve).toEqual({ routing_key: key, event_action: "resolve", dedup_key: trigger.dedup_key });
  });

  it("generic webhook: JSON body and a verifiable HMAC signature header", async () => {
    const p = path("webhook");
    const secret = "whsec-forecourt-test-0123456789";
    await webhookChannel(`${receivers}${p}`, { secret, now: () => 1_790_000_000_000 }).send(
      notification("firing"),
    );
    const [got] = await receivedAt(receivers, p);
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      version: 1,
      status: "firing",
      alert: { key: "dead_letters:scrape-jobs", rule: "dead_letters" },
    });
    const sig = got!.headers["x-forecourt-signature"]!;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)!;
    expect(t).toBe("1790000000");
    expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${got!.body}`).digest("hex"));
  });

  it("email (Resend-style HTTP API): bearer key, from/to/subject/text/html", async () => {
    const p = path("email");
    await emailChannel({
      url: `${receivers}${p}`,
      apiKey: "re_test_key_12345678_abcdefgh",
      from: "Forecourt Alerts <alerts@forecourt.example>",
      to: ["oncall@forecourt.example"],
    }).send(notification("resolved"));
    const [got] = await receivedAt(receivers, p);
    expect(got!.headers.authorization).toBe("Bearer re_test_key_12345678_abcdefgh");
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({
      from: "Forecourt Alerts <alerts@forecourt.example>",
      to: ["oncall@forecourt.example"],
    });
    expect(body.subject).toContain("RESOLVED [error] dead_letters");
    expect(body.text).toContain("Resolved: 2026-11-27T07:10:00.000Z");
    expect(body.html).toContain("<pre");
  });

  it("a receiver answering 500 is an error naming the channel (the engine retries it)", async () => {
    await expect(slackChannel(`${receivers}${path("fail")}`).send(notification("firing"))).rejects.toThrow(
      "slack answered HTTP 500",
    );
  });

  it("configuration picks the channels; half-configured or insecure settings are reported, not guessed", () => {
    const all = parseAlertConfig({
      ENVIRONMENT: "production",
      ALERT_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0/B0/x",
      ALERT_PAGERDUTY_ROUTING_KEY: "0123456789abcdef0123456789abcdef",
      ALERT_WEBHOOK_URL: "https://ops.example/hooks/forecourt",
      ALERT_WEBHOOK_SECRET: "0123456789abcdef-secret",
      ALERT_EMAIL_API_KEY: "re_x",
      ALERT_EMAIL_FROM: "alerts@forecourt.example",
      ALERT_EMAIL_TO: "a@x.example, b@x.example",
      ALERT_ERROR_RATE: "0.1",
    });
    expect(all.problems).toEqual([]);
    expect(all.channels.map((c) => c.name)).toEqual(["slack", "pagerduty", "webhook", "email"]);
    expect(all.thresholds.errorRate).toBe(0.1);
    expect(all.source).toBe("forecourt-production");
    const bad = parseAlertConfig({
      ENVIRONMENT: "production",
      ALERT_SLACK_WEBHOOK_URL: "http://hooks.slack.com/insecure",
      ALERT_PAGERDUTY_ROUTING_KEY: "short",
      ALERT_EMAIL_FROM: "alerts@forecourt.example",
      ALERT_ERROR_RATE: "2",
    });
    expect(bad.channels).toEqual([]);
    expect(bad.problems.map((p) => p.setting).sort()).toEqual([
      "ALERT_EMAIL_API_KEY",
      "ALERT_EMAIL_TO",
      "ALERT_ERROR_RATE",
      "ALERT_PAGERDUTY_ROUTING_KEY",
      "ALERT_SLACK_WEBHOOK_URL",
    ]);
    expect(parseAlertConfig({}).channels).toEqual([]);
  });
});
