import { createExecutionContext, evictDurableObject, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createApp } from "../../workers/api/src/app";
import { MemoryRateLimiter } from "../../workers/api/src/ratelimit/interface";
import { dealerStaff, mintToken, platformAdmin } from "./helpers/auth";
import { createApiKey, createDealership, expectError } from "./helpers/fixtures";
import { get, patch } from "./helpers/http";

const RATE_LIMITER = (env as unknown as { RATE_LIMITER: DurableObjectNamespace }).RATE_LIMITER;

async function burst(n: number, fn: () => Promise<{ status: number; headers: Headers; body: any }>) {
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: n }, fn));
  return {
    results,
    ms: Date.now() - started,
    ok: results.filter((r) => r.status === 200).length,
    limited: results.filter((r) => r.status === 429).length,
  };
}

describe("per-dealership rate limiting (Durable Object token buckets)", () => {
  it("exact under concurrency: 60 concurrent staff requests against a limit of 20 → exactly 20 pass", async () => {
    const d = await createDealership({ rateLimits: { staff: { limit: 20, windowSeconds: 3600 } } });
    const token = await dealerStaff(d.id);
    const r = await burst(60, () => get(`/v1/dealerships/${d.id}`, { token }));
    console.log(
      `[ratelimit] staff: 60 concurrent vs limit 20 → ${r.ok} allowed, ${r.limited} limited in ${r.ms} ms`,
    );
    expect(r.ok).toBe(20);
    expect(r.limited).toBe(40);
    const remaining = r.results
      .filter((x) => x.status === 200)
      .map((x) => Number(x.headers.get("RateLimit-Remaining")))
      .sort((x, y) => x - y);
    expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("exact for publishable keys too: 200 concurrent against 75 → exactly 75 pass", async () => {
    const d = await createDealership({ rateLimits: { public: { limit: 75, windowSeconds: 3600 } } });
    const { key } = await createApiKey(d.id);
    const r = await burst(200, () => get("/v1/public/vehicles?limit=1", { apiKey: key }));
    console.log(
      `[ratelimit] public: 200 concurrent vs limit 75 → ${r.ok} allowed, ${r.limited} limited in ${r.ms} ms`,
    );
    expect(r.ok).toBe(75);
    expect(r.limited).toBe(125);
  }, 30_000);

  it("headers on success and on 429", async () => {
    const d = await createDealership({ rateLimits: { staff: { limit: 2, windowSeconds: 60 } } });
    const token = await dealerStaff(d.id);
    const first = await get(`/v1/dealerships/${d.id}`, { token });
    expect(first.status).toBe(200);
    expect(first.headers.get("RateLimit-Limit")).toBe("2");
    expect(first.headers.get("RateLimit-Remaining")).toBe("1");
    expect(Number(first.headers.get("RateLimit-Reset"))).toBeGreaterThanOrEqual(1);
    expect(Number(first.headers.get("RateLimit-Reset"))).toBeLessThanOrEqual(30);
    expect(first.headers.get("RateLimit-Policy")).toBe("2;w=60");
    expect(first.headers.get("Retry-After")).toBeNull();
    await get(`/v1/dealerships/${d.id}`, { token });
    const limited = await get(`/v1/dealerships/${d.id}`, { token });
    const err = expectError(limited, 429, "rate_limited");
    expect(err.message).toMatch(/2 requests per 60s/);
    expect(limited.headers.get("Retry-After")).toBe("30");
    expect(limited.headers.get("RateLimit-Remaining")).toBe("0");
    expect(limited.headers.get("RateLimit-Limit")).toBe("2");
    expect(Number(limited.headers.get("RateLimit-Reset"))).toBeGreaterThan(30);
    // Errors after the limiter (e.g. 404) carry the headers too.
    const e = await createDealership();
    const notFound = await get(`/v1/dealerships/${e.id}/vehicles/veh_00000000000000000000000000`, {
      token: await dealerStaff(e.id),
    });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get("RateLimit-Limit")).toBeTruthy();
  });

  it("dealerships are independent; classes within a dealership are independent", async () => {
    const a = await createDealership({
      rateLimits: { staff: { limit: 3, windowSeconds: 3600 }, public: { limit: 3, windowSeconds: 3600 } },
    });
    const b = await createDealership({ rateLimits: { staff: { limit: 3, windowSeconds: 3600 } } });
    const staffA = await dealerStaff(a.id);
    const { key } = await createApiKey(a.id); // uses A's staff budget (dealer_admin on A's path) — 1 token
    const spent = await burst(5, () => get(`/v1/dealerships/${a.id}`, { token: staffA }));
    expect(spent.ok).toBe(2);
    expect((await get(`/v1/dealerships/${b.id}`, { token: await dealerStaff(b.id) })).status).toBe(200);
    const pub = await burst(4, () => get("/v1/public/vehicles", { apiKey: key }));
    expect(pub.ok).toBe(3);
  });

  it("a principal of A probing B's paths spends its own budget, not B's", async () => {
    const a = await createDealership();
    const b = await createDealership({ rateLimits: { staff: { limit: 5, windowSeconds: 3600 } } });
    const staffA = await mintToken("dealer_staff", { sub: "prober", dealerships: [a.id] });
    const probes = await burst(20, () => get(`/v1/dealerships/${b.id}`, { token: staffA }));
    expect(probes.results.every((r) => r.status === 404)).toBe(true);
    const own = await get(`/v1/dealerships/${b.id}`, { token: await dealerStaff(b.id) });
    expect(own.status).toBe(200);
    expect(own.headers.get("RateLimit-Remaining")).toBe("4");
  });

  it("new limits from PATCH apply at once in this isolate", async () => {
    const d = await createDealership({ rateLimits: { staff: { limit: 100, windowSeconds: 60 } } });
    const token = await dealerStaff(d.id);
    expect((await get(`/v1/dealerships/${d.id}`, { token })).headers.get("RateLimit-Limit")).toBe("100");
    await patch(
      `/v1/dealerships/${d.id}`,
      { rateLimits: { staff: { limit: 3, windowSeconds: 60 } } },
      { token: await platformAdmin() },
    );
    const res = await get(`/v1/dealerships/${d.id}`, { token });
    expect(res.headers.get("RateLimit-Limit")).toBe("3");
    expect(Number(res.headers.get("RateLimit-Remaining"))).toBeLessThanOrEqual(2);
  });

  it("state survives the Durable Object being evicted (no free refill on restart)", async () => {
    const d = await createDealership({ rateLimits: { staff: { limit: 10, windowSeconds: 3600 } } });
    const token = await dealerStaff(d.id);
    for (let i = 0; i < 6; i++) await get(`/v1/dealerships/${d.id}`, { token });
    await evictDurableObject(RATE_LIMITER.get(RATE_LIMITER.idFromName(d.id)));
    const after = await get(`/v1/dealerships/${d.id}`, { token });
    expect(after.status).toBe(200);
    expect(after.headers.get("RateLimit-Remaining")).toBe("3");
  });

  it("hot-path cost, in-isolate (app.fetch against the real D1 and Durable Object; logged)", async () => {
    // Timed with app.fetch directly: requests through the test harness's loopback slow down as a file
    // sends more of them, which would swamp what is being measured.
    const app = createApp();
    const memory = new MemoryRateLimiter();
    const appMemoryLimiter = createApp({ rateLimiter: () => memory });
    const bare = new Hono().get("/bare", (c) => c.json({ vin: "1HGCM82633A004352", valid: true }));
    const d = await createDealership();
    const { key } = await createApiKey(d.id);
    const token = await dealerStaff(d.id);
    const run = async (
      fetcher: { fetch: (r: Request, e: any, c: any) => Response | Promise<Response> },
      path: string,
      headers: Record<string, string>,
    ) => {
      const ctx = createExecutionContext();
      const res = await fetcher.fetch(
        new Request(`https://api.forecourt.test${path}`, { headers }),
        env,
        ctx,
      );
      await res.text();
      await waitOnExecutionContext(ctx);
      return res.status;
    };
    const time = async (label: string, f: () => Promise<number>) => {
      for (let i = 0; i < 20; i++) expect(await f()).toBe(200); // warm-up (JIT, settings cache)
      const n = 200;
      const started = Date.now();
      for (let i = 0; i < n; i++) await f();
      const ms = (Date.now() - started) / n;
      return `${label} ${ms.toFixed(2)} ms`;
    };
    const lines = [
      await time("bare Hono route", () => run(bare, "/bare", {})),
      await time("GET /v1/health (request id, logging, no auth)", () => run(app, "/v1/health", {})),
      await time("GET /v1/vins/{vin} with JWT (HS256 verify + DO limit + validation + logging)", () =>
        run(app, "/v1/vins/1HGCM82633A004352", { Authorization: `Bearer ${token}` }),
      ),
      await time("  same, in-memory limiter instead of the DO (isolates the DO RPC cost)", () =>
        run(appMemoryLimiter, "/v1/vins/1HGCM82633A004352", { Authorization: `Bearer ${token}` }),
      ),
      await time("GET /v1/vins/{vin} with API key (SHA-256 + D1 key lookup + DO limit + ...)", () =>
        run(app, "/v1/vins/1HGCM82633A004352", { "X-Api-Key": key }),
      ),
    ];
    console.log(`[ratelimit] mean per request, sequential, in workerd:\n  ${lines.join("\n  ")}`);
  }, 60_000);
});
