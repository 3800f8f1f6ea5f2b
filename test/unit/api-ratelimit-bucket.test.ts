import { describe, expect, it } from "vitest";
import { MemoryRateLimiter, takeFromBucket } from "../../workers/api/src/ratelimit/interface";

const rule = { limit: 10, windowSeconds: 60 };

describe("token bucket", () => {
  it("starts full and lets exactly `limit` through at one instant", async () => {
    const t = 1_000_000;
    const rl = new MemoryRateLimiter(() => t);
    const results = await Promise.all(
      Array.from({ length: 25 }, () => rl.limit({ key: "d", keyClass: "public", rule })),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
    expect(results[9]).toMatchObject({ allowed: true, remaining: 0 });
    expect(results[10]).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 6,
      resetSeconds: 60,
    });
  });

  it("refills continuously at limit/window", () => {
    let state = takeFromBucket(undefined, rule, 10, 0).state; // drained
    expect(state.tokens).toBe(0);
    const later = takeFromBucket(state, rule, 1, 6_000); // one token after 6 s
    expect(later.decision.allowed).toBe(true);
    state = later.state;
    expect(takeFromBucket(state, rule, 1, 6_001).decision.allowed).toBe(false);
    expect(takeFromBucket(state, rule, 1, 600_000).decision.remaining).toBe(9); // capped at limit
  });

  it("keys and classes are independent", async () => {
    const rl = new MemoryRateLimiter(() => 0);
    const tiny = { limit: 1, windowSeconds: 60 };
    expect((await rl.limit({ key: "a", keyClass: "public", rule: tiny })).allowed).toBe(true);
    expect((await rl.limit({ key: "a", keyClass: "public", rule: tiny })).allowed).toBe(false);
    expect((await rl.limit({ key: "a", keyClass: "staff", rule: tiny })).allowed).toBe(true);
    expect((await rl.limit({ key: "b", keyClass: "public", rule: tiny })).allowed).toBe(true);
  });

  it("a lowered limit caps the tokens left", () => {
    const full = takeFromBucket(undefined, { limit: 100, windowSeconds: 60 }, 1, 0).state;
    const r = takeFromBucket(full, { limit: 5, windowSeconds: 60 }, 1, 0);
    expect(r.decision).toMatchObject({ allowed: true, limit: 5, remaining: 4 });
  });
});
