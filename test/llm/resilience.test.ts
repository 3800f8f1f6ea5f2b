import { describe, expect, it } from "vitest";
import {
  CircuitBreaker,
  createChatModel,
  FallbackChatModel,
  LlmError,
  ManualClock,
  MemoryUsageLedger,
  withBudget,
  withRetry,
  withTimeout,
} from "../../packages/llm/src/index";
import { ask } from "./support/fixtures";
import { chatHarnesses, collect } from "./support/harness";

const H = Object.fromEntries(chatHarnesses().map((h) => [h.name, h])) as Record<
  "openai" | "anthropic" | "workers-ai" | "local",
  ReturnType<typeof chatHarnesses>[number]
>;

async function rejection(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a rejection");
}

describe("FallbackChatModel", () => {
  it("tries providers in order: anthropic (overloaded) -> openai (429) -> workers-ai answers", async () => {
    const a = H.anthropic.make(["529"]);
    const o = H.openai.make(["429"]);
    const w = H["workers-ai"].make(["ok"]);
    const seen: string[] = [];
    const chain = new FallbackChatModel([a.model, o.model, w.model, H.local.make().model], {
      onFallback: ({ from, error }) => seen.push(`${from}:${error.code}`),
    });
    const r = await chain.chat({ messages: ask("red pickup truck") });
    expect(r.provider).toBe("workers-ai");
    expect(r.text).toContain("[veh_f150]");
    expect(seen).toEqual(["anthropic:claude-haiku-4-5:overloaded", "openai:gpt-4o-mini:rate_limited"]);
    expect([(await a.stats()).count, (await o.stats()).count, (await w.stats()).count]).toEqual([1, 1, 1]);
  });

  it("falls back for a stream that fails before any text, but not after text was shown", async () => {
    const a = H.anthropic.make(["529"]);
    const o = H.openai.make(["ok"]);
    const s = await collect(
      new FallbackChatModel([a.model, o.model]).stream({ messages: ask("red pickup truck") }),
    );
    expect(s.error).toBeNull();
    expect(s.events.at(-1)).toMatchObject({ type: "done", provider: "openai" });

    const a2 = H.anthropic.make(["drop"]);
    const o2 = H.openai.make(["ok"]);
    const d = await collect(
      new FallbackChatModel([a2.model, o2.model]).stream({ messages: ask("red pickup truck") }),
    );
    expect(d.text.length).toBeGreaterThan(0);
    expect((d.error as LlmError).code).toBe("stream_interrupted");
    expect((await o2.stats()).count).toBe(0);
  });

  it("reports every provider's failure when all fail, and stops at a caller abort", async () => {
    const chain = new FallbackChatModel([H.anthropic.make(["500"]).model, H.openai.make(["401"]).model]);
    const e = await rejection(chain.chat({ messages: ask("truck") }));
    expect(e.provider).toBe("fallback");
    expect(e.message).toMatch(/anthropic: server_error; openai: unauthorized/);

    const hang = H.anthropic.make(["hang"]);
    const next = H.openai.make(["ok"]);
    const c = new AbortController();
    setTimeout(() => c.abort(new Error("shopper left")), 100);
    await rejection(
      new FallbackChatModel([hang.model, next.model]).chat({ messages: ask("truck"), signal: c.signal }),
    );
    expect((await next.stats()).count).toBe(0);
  });

  it("timeout + retry + fallback compose: a hanging primary is cut, retried, then the chain moves on", async () => {
    const hang = H.anthropic.make(["hang"]);
    const ok = H.openai.make(["ok"]);
    const primary = withRetry(withTimeout(hang.model, { timeoutMs: 150 }), {
      retries: 1,
      baseDelayMs: 1,
      clock: new ManualClock(),
    });
    const r = await new FallbackChatModel([primary, ok.model]).chat({ messages: ask("red pickup truck") });
    expect(r.provider).toBe("openai");
    expect((await hang.stats()).count).toBe(2);
  });
});

describe("circuit breaker (per provider, injectable clock)", () => {
  it("opens after the threshold, skips the provider while open, lets one trial through half-open, closes on success", async () => {
    const clock = new ManualClock();
    const a = H.anthropic.make(["529", "529", "ok"]);
    const o = H.openai.make(["ok"]);
    const chain = new FallbackChatModel([a.model, o.model], {
      failureThreshold: 2,
      cooldownMs: 10_000,
      clock,
    });
    const breaker = chain.breakers[0]!;
    for (let i = 0; i < 2; i++)
      expect((await chain.chat({ messages: ask("truck") })).provider).toBe("openai");
    expect(breaker.state).toBe("open");
    expect((await a.stats()).count).toBe(2);

    // open: anthropic is not called at all
    expect((await chain.chat({ messages: ask("truck") })).provider).toBe("openai");
    expect((await a.stats()).count).toBe(2);

    clock.advance(9_999);
    expect(breaker.state).toBe("open");
    clock.advance(1);
    expect(breaker.state).toBe("half-open");
    const r = await chain.chat({ messages: ask("truck") });
    expect(r.provider).toBe("anthropic");
    expect(breaker.state).toBe("closed");
    expect((await a.stats()).count).toBe(3);
  });

  it("a failed half-open trial opens the circuit for another cooldown; only one trial at a time", () => {
    const clock = new ManualClock();
    const b = new CircuitBreaker("p", { failureThreshold: 1, cooldownMs: 1000, clock });
    const fail = new LlmError("p", "server_error", "boom");
    b.acquire();
    b.failure(fail);
    expect(b.state).toBe("open");
    expect(() => b.acquire()).toThrow(/circuit open/);
    clock.advance(1000);
    b.acquire(); // the trial
    expect(() => b.acquire()).toThrow(LlmError); // a second caller must wait
    b.failure(fail);
    expect(b.state).toBe("open");
    clock.advance(999);
    expect(b.state).toBe("open");
    clock.advance(1);
    b.acquire();
    b.success();
    expect(b.state).toBe("closed");
    expect(b.consecutiveFailures).toBe(0);
  });

  it("bad requests and budget refusals do not count against a provider", () => {
    const b = new CircuitBreaker("p", { failureThreshold: 1, clock: new ManualClock() });
    b.failure(new LlmError("p", "bad_request", "x"));
    b.failure(new LlmError("budget", "budget_exceeded", "x"));
    expect(b.state).toBe("closed");
  });
});

describe("budgets per dealership (withBudget + MemoryUsageLedger)", () => {
  const DAY = "2026-01-15T12:00:00.000Z";

  it("records the actual usage once, priced at the answering model, per dealership and feature", async () => {
    const clock = new ManualClock(Date.parse(DAY));
    const ledger = new MemoryUsageLedger();
    const o = H.openai.make(["ok"]);
    const model = withBudget(o.model, {
      ledger,
      dealershipId: "d1",
      feature: "chat",
      dailyMicroUsd: 1_000_000,
      clock,
    });
    const r = await model.chat({ messages: ask("red pickup truck"), maxOutputTokens: 300 });
    const entries = ledger.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toEqual({
      dealershipId: "d1",
      feature: "chat",
      provider: "openai",
      modelId: "gpt-4o-mini",
      inputTokens: r.usage.inputTokens,
      outputTokens: r.usage.outputTokens,
      costMicroUsd: o.model.cost(r.usage),
      at: DAY,
    });
    expect(r.usage).toEqual((await o.stats()).usage[0]);
    expect(await ledger.spentSince("d1", "2026-01-15T00:00:00.000Z")).toBe(o.model.cost(r.usage));
    expect(await ledger.spentSince("d2", "2026-01-15T00:00:00.000Z")).toBe(0);
  });

  it("degrades to the cheaper model when the estimate does not fit, and refuses when nothing fits", async () => {
    const clock = new ManualClock(Date.parse(DAY));
    const ledger = new MemoryUsageLedger();
    const premium = H.anthropic.make(["ok"]);
    const est = premium.model.estimateCost({ messages: ask("truck"), maxOutputTokens: 500 }).costMicroUsd;
    await ledger.record({
      dealershipId: "d1",
      feature: "chat",
      provider: "x",
      modelId: "y",
      inputTokens: 0,
      outputTokens: 0,
      costMicroUsd: 1000,
      at: DAY,
    });
    const degraded: number[] = [];
    const withCheaper = withBudget(premium.model, {
      ledger,
      dealershipId: "d1",
      feature: "chat",
      dailyMicroUsd: 1000 + est - 1,
      cheaperModel: H.local.make().model,
      clock,
      onDegrade: (i) => degraded.push(i.estimateMicroUsd),
    });
    const r = await withCheaper.chat({ messages: ask("truck"), maxOutputTokens: 500 });
    expect(r.provider).toBe("local");
    expect(degraded).toEqual([est]);
    expect((await premium.stats()).count).toBe(0);

    const refusing = withBudget(H.openai.make(["ok"]).model, {
      ledger,
      dealershipId: "d1",
      feature: "chat",
      dailyMicroUsd: 1000,
      clock,
    });
    const e = await rejection(refusing.chat({ messages: ask("truck") }));
    expect(e.code).toBe("budget_exceeded");
    expect(e.retryable).toBe(false);
    expect(e.message).toMatch(/dealership d1 .*daily limit is \$0\.001.*resets at 2026-01-16T00:00:00\.000Z/);
    const s = await collect(refusing.stream({ messages: ask("truck") }));
    expect((s.error as LlmError).code).toBe("budget_exceeded");
    expect(ledger.entries()).toHaveLength(2); // the seed entry + the degraded local call (cost 0)
  });

  it("monthly limits count the whole UTC month and nothing before it", async () => {
    const ledger = new MemoryUsageLedger();
    await ledger.record({
      dealershipId: "d1",
      feature: "chat",
      provider: "x",
      modelId: "y",
      inputTokens: 0,
      outputTokens: 0,
      costMicroUsd: 900,
      at: "2025-12-31T23:59:59.000Z",
    });
    await ledger.record({
      dealershipId: "d1",
      feature: "search",
      provider: "x",
      modelId: "y",
      inputTokens: 0,
      outputTokens: 0,
      costMicroUsd: 900,
      at: "2026-01-02T10:00:00.000Z",
    });
    const m = H.openai.make(["ok"]);
    const est = m.model.estimateCost({ messages: ask("truck"), maxOutputTokens: 100 }).costMicroUsd;
    const clock = new ManualClock(Date.parse(DAY));
    const fits = withBudget(m.model, {
      ledger,
      dealershipId: "d1",
      feature: "chat",
      monthlyMicroUsd: 900 + est,
      clock,
    });
    await fits.chat({ messages: ask("truck"), maxOutputTokens: 100 });
    const e = await rejection(fits.chat({ messages: ask("truck"), maxOutputTokens: 100 }));
    expect(e.message).toMatch(/monthly limit.*resets at 2026-02-01T00:00:00\.000Z/);
  });

  it("a stream is charged once after it ends; a broken stream is charged for what was consumed; nothing twice", async () => {
    const ledger = new MemoryUsageLedger();
    const clock = new ManualClock(Date.parse(DAY));
    const ok = H.openai.make(["ok"]);
    const s = await collect(
      withBudget(ok.model, { ledger, dealershipId: "d1", feature: "chat", clock }).stream({
        messages: ask("red pickup truck"),
      }),
    );
    expect(s.error).toBeNull();
    const usage = (await ok.stats()).usage[0]!;
    expect(ledger.entries()).toMatchObject([
      { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, provider: "openai" },
    ]);

    const broken = H.anthropic.make(["drop"]);
    const b = await collect(
      withBudget(broken.model, { ledger, dealershipId: "d2", feature: "chat", clock }).stream({
        messages: ask("red pickup truck"),
      }),
    );
    expect((b.error as LlmError).code).toBe("stream_interrupted");
    const d2 = ledger.entries({ dealershipId: "d2" });
    expect(d2).toHaveLength(1);
    expect(d2[0]!.outputTokens).toBe(Math.ceil(b.text.length / 4));
    expect(d2[0]!.costMicroUsd).toBe(
      broken.model.cost({ inputTokens: d2[0]!.inputTokens, outputTokens: d2[0]!.outputTokens }),
    );

    // a reader that stops early is charged once for what it read
    const early = withBudget(H["workers-ai"].make(["ok"]).model, {
      ledger,
      dealershipId: "d3",
      feature: "chat",
      clock,
    });
    let read = "";
    for await (const ev of early.stream({ messages: ask("red pickup truck") })) {
      if (ev.type === "text") read += ev.delta;
      if (read.length > 10) break;
    }
    expect(ledger.entries({ dealershipId: "d3" })).toEqual([
      expect.objectContaining({ outputTokens: Math.ceil(read.length / 4) }),
    ]);

    // a call that failed before any text is not charged
    await collect(
      withBudget(H.openai.make(["500"]).model, { ledger, dealershipId: "d4", feature: "chat", clock }).stream(
        { messages: ask("truck") },
      ),
    );
    await rejection(
      withBudget(H.openai.make(["500"]).model, { ledger, dealershipId: "d4", feature: "chat", clock }).chat({
        messages: ask("truck"),
      }),
    );
    expect(ledger.entries({ dealershipId: "d4" })).toEqual([]);
  });

  it("budget around a retrying fallback chain: one entry, priced at the provider that answered", async () => {
    const ledger = new MemoryUsageLedger();
    const clock = new ManualClock(Date.parse(DAY));
    const a = H.anthropic.make(["529"]);
    const o = H.openai.make(["500", "ok"]);
    const chain = new FallbackChatModel([
      withRetry(a.model, { retries: 0 }),
      withRetry(o.model, { retries: 2, clock }),
    ]);
    expect(chain.pricing.outputPerMTok).toBe(a.model.pricing.outputPerMTok); // the dearer member bounds estimates
    const model = withBudget(chain, {
      ledger,
      dealershipId: "d1",
      feature: "chat",
      dailyMicroUsd: 5_000_000,
      clock,
    });
    const s = await collect(model.stream({ messages: ask("red pickup truck") }));
    expect(s.error).toBeNull();
    const entries = ledger.entries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.provider).toBe("openai");
    expect(entries[0]!.costMicroUsd).toBe(
      o.model.cost({ inputTokens: entries[0]!.inputTokens, outputTokens: entries[0]!.outputTokens }),
    );
    expect((await o.stats()).count).toBe(2);
  });

  it("rejects a misconfigured budget clearly", () => {
    const m = createChatModel({ provider: "local" });
    expect(() =>
      withBudget(m, { ledger: new MemoryUsageLedger(), dealershipId: "", feature: "chat" }),
    ).toThrow(/dealershipId/);
    expect(() =>
      withBudget(m, {
        ledger: new MemoryUsageLedger(),
        dealershipId: "d",
        feature: "chat",
        dailyMicroUsd: -1,
      }),
    ).toThrow(/>= 0/);
  });
});
