import { describe, expect, it } from "vitest";
import {
  canonicalAllowEntry,
  checkUrl,
  DEFAULT_POLICY,
  PolitenessLimiter,
  policyFromConfig,
  SsrfPolicyError,
} from "../../packages/crawl/src/index.ts";

describe("SSRF policy from configuration", () => {
  it("production with a dev allow-list throws", () => {
    expect(() => policyFromConfig({ environment: "production", devAllowHosts: ["127.0.0.1:8790"] })).toThrow(
      SsrfPolicyError,
    );
    expect(() => policyFromConfig({ environment: "production", devAllowHosts: "127.0.0.1:8790" })).toThrow(
      /only allowed in development\/test/,
    );
    expect(() => policyFromConfig({ environment: "staging", devAllowHosts: ["127.0.0.1:8790"] })).toThrow(
      SsrfPolicyError,
    );
    // A misspelt environment counts as production.
    expect(() => policyFromConfig({ environment: "dev", devAllowHosts: ["127.0.0.1:8790"] })).toThrow(
      SsrfPolicyError,
    );
    expect(() => policyFromConfig({ environment: "", devAllowHosts: ["127.0.0.1:8790"] })).toThrow(
      SsrfPolicyError,
    );
  });

  it("production without an allow-list is the default policy: the list is off", () => {
    for (const devAllowHosts of [undefined, null, [], "", " , "]) {
      const p = policyFromConfig({ environment: "production", devAllowHosts });
      expect(p).toBe(DEFAULT_POLICY);
      expect(p.allowHosts).toEqual([]);
      expect(p.allowPrivate).toBe(false);
    }
    expect(checkUrl("http://127.0.0.1:8790/", DEFAULT_POLICY).ok).toBe(false);
  });

  it("development accepts exact host:port entries in canonical form", () => {
    const p = policyFromConfig({
      environment: "development",
      devAllowHosts: "127.1:8790, LOCALHOST:8791 [::1]:8792",
    });
    expect(p.allowHosts).toEqual(["127.0.0.1:8790", "localhost:8791", "[::1]:8792"]);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it.each([
    "127.0.0.1",
    "*.local:80",
    "http://127.0.0.1:8790",
    "user@127.0.0.1:8790",
    "127.0.0.1:8790/x",
    "127.0.0.1:99999",
  ])("rejects the allow-list entry %j", (entry) => {
    expect(canonicalAllowEntry(entry)).toBeNull();
    expect(() => policyFromConfig({ environment: "development", devAllowHosts: [entry] })).toThrow(/Invalid/);
  });

  it("the allow-list admits exactly its host:port, nothing near it", () => {
    const p = policyFromConfig({ environment: "test", devAllowHosts: ["127.0.0.1:8790"] });
    const ok = checkUrl("http://127.0.0.1:8790/inventory?page=2", p);
    expect(ok.ok && ok.allowListed).toBe(true);
    expect(checkUrl("http://0x7f000001:8790/", p).ok).toBe(true); // same host once parsed
    for (const url of [
      "http://127.0.0.1:8791/",
      "http://127.0.0.1/",
      "http://localhost:8790/",
      "http://127.0.0.2:8790/",
      "http://[::1]:8790/",
      "http://user@127.0.0.1:8790/",
      "ftp://127.0.0.1:8790/",
      "http://169.254.169.254/",
    ]) {
      expect(checkUrl(url, p).ok, url).toBe(false);
    }
  });

  it("ignores invalid entries and allowPrivate in a hand-made policy", () => {
    const p = { allowHosts: ["*:*", "127.0.0.1"], allowPrivate: true } as unknown as typeof DEFAULT_POLICY;
    expect(checkUrl("http://127.0.0.1/", p).ok).toBe(false);
    expect(checkUrl("http://10.0.0.1/", p).ok).toBe(false);
  });
});

describe("politeness limiter", () => {
  /** Virtual time: sleeping advances the clock to the wake-up time. */
  function virtualClock() {
    let t = 0;
    return {
      now: () => t,
      sleep: async (ms: number) => {
        const wake = t + ms;
        await Promise.resolve();
        t = Math.max(t, wake);
      },
      advance: (ms: number) => {
        t += ms;
      },
    };
  }

  it("spaces request starts on one host by the delay", async () => {
    const clock = virtualClock();
    const limiter = new PolitenessLimiter({ delayMs: 1000, maxConcurrency: 1, ...clock });
    const starts: number[] = [];
    await Promise.all(
      [1, 2, 3].map(() =>
        limiter.run("https://dealer.example/a", async () => {
          starts.push(clock.now());
        }),
      ),
    );
    expect(starts).toEqual([0, 1000, 2000]);
  });

  it("keeps at most maxConcurrency requests in flight per host, FIFO", async () => {
    const limiter = new PolitenessLimiter({ delayMs: 0, maxConcurrency: 2 });
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.run("https://dealer.example/", async () => {
          order.push(i);
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(limiter.stats("https://dealer.example/")).toEqual({ active: 0, waiting: 0 });
  });

  it("hosts do not wait for each other", async () => {
    const clock = virtualClock();
    const limiter = new PolitenessLimiter({ delayMs: 5000, maxConcurrency: 1, ...clock });
    const starts: Record<string, number> = {};
    await Promise.all(
      ["https://a.example/", "https://b.example/", "https://c.example:8443/"].map((u) =>
        limiter.run(u, async () => {
          starts[u] = clock.now();
        }),
      ),
    );
    expect(Object.values(starts)).toEqual([0, 0, 0]);
  });

  it("a per-host Crawl-delay raises the spacing, never lowers it", async () => {
    const clock = virtualClock();
    const limiter = new PolitenessLimiter({ delayMs: 1000, maxConcurrency: 1, ...clock });
    limiter.setHostDelay("https://slow.example/", 3000);
    limiter.setHostDelay("https://fast.example/", 10);
    expect(limiter.hostDelay("https://fast.example/")).toBe(1000);
    const starts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await limiter.run("https://slow.example/x", async () => {
        starts.push(clock.now());
      });
    }
    expect(starts).toEqual([0, 3000, 6000]);
  });

  it("a failing task releases its slot", async () => {
    const limiter = new PolitenessLimiter({ delayMs: 0, maxConcurrency: 1 });
    await expect(
      limiter.run("h", async () => {
        throw new Error("page failed");
      }),
    ).rejects.toThrow("page failed");
    expect(await limiter.run("h", async () => "next")).toBe("next");
  });

  it("waits in real time with the default sleep", async () => {
    const limiter = new PolitenessLimiter({ delayMs: 60, maxConcurrency: 4 });
    const started = Date.now();
    await Promise.all([1, 2, 3].map(() => limiter.run("https://x.example/", async () => {})));
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });
});
