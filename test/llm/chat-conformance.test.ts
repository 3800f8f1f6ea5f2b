import { describe, expect, it } from "vitest";
import {
  approxMessageTokens,
  LlmError,
  type LlmErrorCode,
  ManualClock,
  withRetry,
  withTimeout,
} from "../../packages/llm/src/index";
import { ask } from "./support/fixtures";
import { chatHarnesses, collect } from "./support/harness";

/**
 * THE chat conformance suite: the same cases against every ChatModel adapter (OpenAI and Anthropic through
 * their real SDKs against local wire-compatible servers, Workers AI through a stand-in of the AI binding,
 * and the local extractive model). Network faults are skipped for the local model (it has no network).
 */

async function rejection(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a rejection");
}

/** What a 429 looks like per provider (Workers AI's 3036 is the daily allocation: not worth retrying). */
const RATE_LIMIT: Record<string, { retryable: boolean; retryAfterMs: number | null }> = {
  openai: { retryable: true, retryAfterMs: 1000 },
  anthropic: { retryable: true, retryAfterMs: 1000 },
  "workers-ai": { retryable: false, retryAfterMs: null },
};

for (const h of chatHarnesses()) {
  const net = h.network ? it : it.skip;
  const netName = (name: string) =>
    h.network ? name : `${name} (skipped: the local provider makes no network calls)`;

  describe(`ChatModel conformance: ${h.name}`, () => {
    it("chat() answers from the records it was given, citing their ids, with usage and the answering model", async () => {
      const { model, stats } = h.make();
      const r = await model.chat({ messages: ask("Do you have a red pickup truck?") });
      expect(r.text).toContain("[veh_f150]");
      expect(r.text).not.toContain("[veh_accord]");
      expect(r.text).toContain("$32,995");
      expect(r.text).not.toMatch(/\$1\b/);
      expect(r.finishReason).toBe("stop");
      expect(r.provider).toBe(model.provider);
      expect(r.modelId).toBe(model.modelId);
      expect(r.usage.inputTokens).toBeGreaterThan(0);
      expect(r.usage.outputTokens).toBeGreaterThan(0);
      if (h.network) {
        // usage is what the vendor reported, not our estimate
        const s = await stats();
        expect(s.count).toBe(1);
        expect(r.usage).toEqual(s.usage[0]);
      } else {
        expect(r.usage.inputTokens).toBe(
          model.estimateCost({ messages: ask("Do you have a red pickup truck?") }).inputTokens,
        );
      }
    });

    it("stream() yields text deltas that concatenate to the chat() answer, then one usage event, then done", async () => {
      const { model, stats } = h.make();
      const messages = ask("Any SUV with AWD?");
      const whole = await model.chat({ messages });
      const { events, text, error } = await collect(model.stream({ messages }));
      expect(error).toBeNull();
      expect(text).toBe(whole.text);
      expect(events.filter((e) => e.type === "text").length).toBeGreaterThan(3);
      const tail = events.slice(-2);
      expect(tail[0]!.type).toBe("usage");
      expect(tail[1]).toEqual({
        type: "done",
        finishReason: "stop",
        provider: model.provider,
        modelId: model.modelId,
      });
      expect(events.filter((e) => e.type === "usage")).toHaveLength(1);
      const usage = (tail[0] as { usage: unknown }).usage;
      expect(usage).toEqual(whole.usage);
      if (h.network) expect((await stats()).usage).toHaveLength(2);
    });

    it("declares limits and prices; estimateCost is an upper bound in integer micro-dollars; cost() is exact", () => {
      const { model } = h.make();
      expect(model.limits.contextTokens).toBeGreaterThan(1000);
      expect(model.limits.maxOutputTokens).toBeGreaterThan(0);
      expect(model.pricing.inputPerMTok).toBeGreaterThanOrEqual(0);
      const messages = ask("red truck");
      const est = model.estimateCost({ messages, maxOutputTokens: 200 });
      expect(est.inputTokens).toBe(approxMessageTokens(messages));
      expect(est.outputTokens).toBe(200);
      expect(Number.isInteger(est.costMicroUsd)).toBe(true);
      expect(est.costMicroUsd).toBe(
        Math.ceil(
          Math.round(
            (est.inputTokens * model.pricing.inputPerMTok + 200 * model.pricing.outputPerMTok) * 1e6,
          ) / 1e6,
        ),
      );
      expect(model.estimateCost({ messages }).outputTokens).toBe(model.limits.maxOutputTokens);
      // 1M input + 1M output tokens cost exactly the list prices
      expect(model.cost({ inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBe(
        Math.round((model.pricing.inputPerMTok + model.pricing.outputPerMTok) * 1e6),
      );
      expect(model.cost({ inputTokens: 0, outputTokens: 0 })).toBe(0);
    });

    it("maxOutputTokens cuts the answer and reports finishReason length", async () => {
      const { model } = h.make();
      const r = await model.chat({ messages: ask("red pickup truck"), maxOutputTokens: 5 });
      expect(r.finishReason).toBe("length");
      expect(r.usage.outputTokens).toBeLessThanOrEqual(5);
      const s = await collect(model.stream({ messages: ask("red pickup truck"), maxOutputTokens: 5 }));
      expect(s.error).toBeNull();
      expect(s.events.at(-1)).toMatchObject({ type: "done", finishReason: "length" });
    });

    it("rejects bad input with bad_request before any network call", async () => {
      const { model, stats } = h.make();
      const cases: unknown[] = [
        { messages: [] },
        { messages: [{ role: "user", content: 42 }] },
        { messages: [{ role: "robot", content: "hi" }] },
        {
          messages: [
            { role: "user", content: "hi" },
            { role: "assistant", content: "hello" },
          ],
        },
        {
          messages: [
            { role: "system", content: "x" },
            { role: "user", content: "   " },
          ],
        },
        { messages: [{ role: "user", content: "hi" }], maxOutputTokens: 0 },
        { messages: [{ role: "user", content: "hi" }], temperature: 7 },
        { messages: [{ role: "user", content: "x".repeat(model.limits.contextTokens * 4 + 100) }] },
      ];
      for (const c of cases) {
        const e = await rejection(model.chat(c as never));
        expect(e.code, JSON.stringify(c).slice(0, 80)).toBe("bad_request");
        expect(e.retryable).toBe(false);
        const s = await collect(model.stream(c as never));
        expect((s.error as LlmError).code).toBe("bad_request");
      }
      expect((await stats()).count).toBe(0);
    });

    const faults: [step: "429" | "500" | "529" | "401" | "garbage", code: LlmErrorCode][] = [
      ["429", "rate_limited"],
      ["500", "server_error"],
      ["529", "overloaded"],
      ["401", "unauthorized"],
      ["garbage", "invalid_response"],
    ];
    for (const [step, code] of faults) {
      net(netName(`maps the vendor's ${step} to LlmError ${code} (chat and stream)`), async () => {
        const { model, stats } = h.make([step]);
        const e = await rejection(model.chat({ messages: ask("red truck") }));
        expect(e.code).toBe(code);
        expect(e.provider).toBe(model.provider);
        expect(e.message).toContain(model.provider);
        if (step === "429") {
          expect(e.retryable).toBe(RATE_LIMIT[h.name]!.retryable);
          expect(e.retryAfterMs).toBe(RATE_LIMIT[h.name]!.retryAfterMs);
        }
        if (step === "401") expect(e.retryable).toBe(false);
        const s = await collect(model.stream({ messages: ask("red truck") }));
        expect(s.text).toBe("");
        expect((s.error as LlmError).code).toBe(code);
        expect((await stats()).count).toBe(2);
      });
    }

    net(
      netName("a stream that drops halfway ends with stream_interrupted after the text it delivered"),
      async () => {
        for (const step of ["drop", "errorevent"] as const) {
          const { model } = h.make([step]);
          const s = await collect(model.stream({ messages: ask("red pickup truck") }));
          expect(s.text.length, step).toBeGreaterThan(0);
          expect((s.error as LlmError).code, step).toBe("stream_interrupted");
          expect((s.error as LlmError).retryable).toBe(false);
          expect(s.events.some((e) => e.type === "done")).toBe(false);
        }
      },
    );

    net(
      netName("a hanging provider is cut off by withTimeout (chat and stream) with a retryable timeout"),
      async () => {
        const { model } = h.make(["hang"]);
        const timed = withTimeout(model, { timeoutMs: 250 });
        const t0 = Date.now();
        const e = await rejection(timed.chat({ messages: ask("red truck") }));
        expect(e.code).toBe("timeout");
        expect(e.retryable).toBe(true);
        expect(Date.now() - t0).toBeLessThan(5000);
        const s = await collect(timed.stream({ messages: ask("red truck") }));
        expect((s.error as LlmError).code).toBe("timeout");
      },
    );

    net(
      netName("a stream that stalls after text is cut by the idle timeout as stream_interrupted"),
      async () => {
        const { model } = h.make(["slow"]);
        const s = await collect(
          withTimeout(model, { timeoutMs: 15 }).stream({ messages: ask("red pickup truck") }),
        );
        // 40 ms between events > 15 ms idle timeout: either before the first text (timeout) or after (interrupted)
        expect(["timeout", "stream_interrupted"]).toContain((s.error as LlmError).code);
        const ok = await collect(
          withTimeout(h.make(["slow"]).model, { timeoutMs: 2000 }).stream({
            messages: ask("red pickup truck"),
          }),
        );
        expect(ok.error).toBeNull();
      },
    );

    net(
      netName("withRetry retries overload and 5xx with backoff, then succeeds; stats show every attempt"),
      async () => {
        const { model, stats } = h.make(["529", "500", "ok"]);
        const clock = new ManualClock();
        const r = await withRetry(model, { retries: 3, baseDelayMs: 100, clock, random: () => 0.5 }).chat({
          messages: ask("red pickup truck"),
        });
        expect(r.text).toContain("[veh_f150]");
        expect((await stats()).count).toBe(3);
        expect(clock.sleeps).toEqual([75, 150]);
      },
    );

    net(
      netName("withRetry retries a stream that failed before any text, never one that already emitted text"),
      async () => {
        const before = h.make(["garbage", "ok"]);
        const s = await collect(
          withRetry(before.model, { retries: 2, clock: new ManualClock() }).stream({
            messages: ask("red pickup truck"),
          }),
        );
        expect(s.error).toBeNull();
        expect(s.text).toContain("[veh_f150]");
        expect((await before.stats()).count).toBe(2);

        const after = h.make(["drop", "ok"]);
        const d = await collect(
          withRetry(after.model, { retries: 2, clock: new ManualClock() }).stream({
            messages: ask("red pickup truck"),
          }),
        );
        expect((d.error as LlmError).code).toBe("stream_interrupted");
        expect((await after.stats()).count).toBe(1);
      },
    );

    net(
      netName("withRetry does not wait out a Retry-After beyond maxDelayMs, nor retry unauthorized"),
      async () => {
        const long = h.make(["429long", "ok"]);
        const clock = new ManualClock();
        await rejection(
          withRetry(long.model, { retries: 3, maxDelayMs: 5000, clock }).chat({ messages: ask("truck") }),
        );
        expect((await long.stats()).count).toBe(1);
        const auth = h.make(["401", "ok"]);
        const e = await rejection(
          withRetry(auth.model, { retries: 3, clock }).chat({ messages: ask("truck") }),
        );
        expect(e.code).toBe("unauthorized");
        expect((await auth.stats()).count).toBe(1);
      },
    );

    it("a caller abort stops the call with a non-retryable error", async () => {
      const { model } = h.make(h.network ? ["hang"] : ["ok"]);
      const c = new AbortController();
      c.abort(new Error("shopper left"));
      const e = await rejection(model.chat({ messages: ask("truck"), signal: c.signal }));
      expect(e.code).toBe("timeout");
      expect(e.retryable).toBe(false);
    });
  });
}
