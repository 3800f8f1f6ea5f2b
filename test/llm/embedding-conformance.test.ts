import { describe, expect, it } from "vitest";
import {
  approxTokens,
  CachedEmbeddingModel,
  createEmbeddingModel,
  LlmError,
  ManualClock,
  withEmbeddingResilience,
} from "../../packages/llm/src/index";
import { embeddingHarnesses } from "./support/harness";

/**
 * THE embedding conformance suite: the same cases against the OpenAI adapter (real SDK, local wire server),
 * the Workers AI adapter (binding stand-in) and the local hashing model. Anthropic has no embeddings API.
 */

const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: number[]) => Math.sqrt(cos(a, a));

async function rejection(p: Promise<unknown>): Promise<LlmError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(LlmError);
    return err as LlmError;
  }
  throw new Error("expected a rejection");
}

const TEXTS = [
  "Red 2021 Ford F-150 XLT crew cab",
  "White 2019 Honda Accord sedan",
  "Blue 2020 Toyota RAV4 hybrid AWD",
  "Black 2018 Chevrolet Silverado 1500",
  "Silver 2022 Tesla Model 3 electric",
  "Grey 2017 Subaru Outback wagon",
  "Green 2015 Jeep Wrangler 4x4",
];

for (const h of embeddingHarnesses()) {
  const net = h.network ? it : it.skip;
  const netName = (name: string) =>
    h.network ? name : `${name} (skipped: the local provider makes no network calls)`;

  describe(`EmbeddingModel conformance: ${h.name}`, () => {
    it("returns one unit-length vector of `dimensions` per text, in input order, deterministically", async () => {
      const { model } = h.make();
      expect(model.dimensions).toBe(384);
      const r = await model.embed(TEXTS);
      expect(r.embeddings).toHaveLength(TEXTS.length);
      for (const v of r.embeddings) {
        expect(v).toHaveLength(384);
        expect(norm(v)).toBeCloseTo(1, 6);
      }
      // order: each vector equals the one embedded alone
      for (const [i, t] of TEXTS.entries()) {
        const single = (await model.embed([t])).embeddings[0]!;
        expect(cos(single, r.embeddings[i]!)).toBeCloseTo(1, 5);
      }
      expect(cos(r.embeddings[0]!, r.embeddings[1]!)).toBeLessThan(0.99);
      expect(r.usage.inputTokens).toBeGreaterThan(0);
      expect(model.cost(r.usage)).toBe(
        Math.ceil(Math.round(r.usage.inputTokens * model.pricing.inputPerMTok * 1e6) / 1e6),
      );
      expect((await model.embed([])).embeddings).toEqual([]);
    });

    it("rejects blank or non-string texts with bad_request before any call", async () => {
      const { model, stats } = h.make();
      for (const bad of [[""], ["ok", "   "], [42], "not an array"]) {
        const e = await rejection(model.embed(bad as never));
        expect(e.code).toBe("bad_request");
      }
      expect((await stats()).count).toBe(0);
    });

    it("embeds long texts (a 10 KB query) without failing", async () => {
      const { model } = h.make();
      const r = await model.embed(["red pickup truck ".repeat(640)]);
      expect(r.embeddings[0]).toHaveLength(384);
    });

    net(netName("splits a batch larger than limits.maxBatch into several calls, keeping order"), async () => {
      const { model, stats } = h.make(["ok"], { maxBatch: 3 });
      expect(model.limits.maxBatch).toBe(3);
      const r = await model.embed(TEXTS);
      const s = await stats();
      expect(s.count).toBe(3);
      const sizes = s.requests.map((q) => {
        const b = q.body as { input?: unknown[]; text?: unknown[] };
        return (b.input ?? b.text)!.length;
      });
      expect(sizes).toEqual([3, 3, 1]);
      const whole = await h.make().model.embed(TEXTS);
      for (const [i, v] of r.embeddings.entries()) expect(cos(v, whole.embeddings[i]!)).toBeCloseTo(1, 5);
      if (h.name === "openai")
        expect(r.usage.inputTokens).toBe(s.usage.reduce((n, u) => n + u.inputTokens, 0));
      // the AI binding reports no embedding usage: the package's ceil(chars/4) is used
      else expect(r.usage.inputTokens).toBe(TEXTS.reduce((n, t) => n + approxTokens(t), 0));
    });

    for (const [step, code] of [
      ["500", "server_error"],
      ["529", "overloaded"],
      ["401", "unauthorized"],
      ["garbage", "invalid_response"],
    ] as const) {
      net(netName(`maps the vendor's ${step} to ${code}`), async () => {
        const { model } = h.make([step]);
        const e = await rejection(model.embed(["red truck"]));
        expect(e.code).toBe(code);
        expect(e.provider).toBe(model.provider);
      });
    }

    net(netName("withEmbeddingResilience retries a transient failure and times out a hang"), async () => {
      const flaky = h.make(["529", "ok"]);
      const r = await withEmbeddingResilience(flaky.model, { retries: 2, clock: new ManualClock() }).embed([
        "red truck",
      ]);
      expect(r.embeddings).toHaveLength(1);
      expect((await flaky.stats()).count).toBe(2);
      const hung = h.make(["hang"]);
      const e = await rejection(
        withEmbeddingResilience(hung.model, { timeoutMs: 200, retries: 0 }).embed(["red truck"]),
      );
      expect(e.code).toBe("timeout");
    });

    it("CachedEmbeddingModel embeds only the misses, once per distinct text, and returns equal vectors", async () => {
      const { model, stats } = h.make();
      const cached = new CachedEmbeddingModel(model, { maxEntries: 100 });
      const a = await cached.embed([TEXTS[0]!, TEXTS[1]!, TEXTS[0]!]);
      expect(cached.misses).toBe(2);
      expect(cached.hits).toBe(0);
      expect(cos(a.embeddings[0]!, a.embeddings[2]!)).toBeCloseTo(1, 9);
      const b = await cached.embed([TEXTS[1]!, TEXTS[2]!, TEXTS[0]!]);
      expect(cached.hits).toBe(2);
      expect(cached.misses).toBe(3);
      expect(b.embeddings[0]).toEqual(a.embeddings[1]);
      expect(b.embeddings[2]).toEqual(a.embeddings[0]);
      const c = await cached.embed([TEXTS[0]!]);
      expect(c.usage.inputTokens).toBe(0);
      // a caller mutating a returned vector cannot corrupt the cache
      c.embeddings[0]![0] = 42;
      expect((await cached.embed([TEXTS[0]!])).embeddings[0]![0]).not.toBe(42);
      if (h.network) {
        const s = await stats();
        expect(s.count).toBe(2);
        const sizes = s.requests.map(
          (q) =>
            (
              (q.body as { input?: unknown[]; text?: unknown[] }).input ??
              (q.body as { text: unknown[] }).text
            ).length,
        );
        expect(sizes).toEqual([2, 1]);
      }
    });
  });
}

describe("embedding configuration", () => {
  it("Anthropic is refused as an embedding provider with a clear `unsupported` error", () => {
    try {
      createEmbeddingModel({ provider: "anthropic" });
      expect.unreachable();
    } catch (err) {
      expect((err as LlmError).code).toBe("unsupported");
      expect((err as Error).message).toMatch(/no embeddings API/);
    }
  });

  it("refuses impossible dimensions and unknown providers", () => {
    expect(() =>
      createEmbeddingModel({
        provider: "openai",
        apiKey: "k",
        model: "text-embedding-ada-002",
        dimensions: 384,
      }),
    ).toThrow(/cannot return 384/);
    expect(() => createEmbeddingModel({ provider: "openai", apiKey: "k", dimensions: 5000 })).toThrow(
      /cannot return 5000/,
    );
    expect(() => createEmbeddingModel({ provider: "local", dimensions: 768 as 384 })).toThrow(/384/);
    expect(() => createEmbeddingModel({ provider: "pinecone" } as never)).toThrow(
      /unknown embedding provider/,
    );
    expect(() => createEmbeddingModel({ provider: "openai", apiKey: "" })).toThrow(/apiKey/);
  });

  it("the LRU cache evicts the least recently used vector", async () => {
    const cached = new CachedEmbeddingModel(createEmbeddingModel({ provider: "local" }), { maxEntries: 2 });
    await cached.embed(["a car"]);
    await cached.embed(["b car"]);
    await cached.embed(["a car"]); // a is now most recent
    await cached.embed(["c car"]); // evicts b
    expect(cached.size).toBe(2);
    const before = cached.misses;
    await cached.embed(["a car"]);
    expect(cached.misses).toBe(before);
    await cached.embed(["b car"]);
    expect(cached.misses).toBe(before + 1);
  });
});
