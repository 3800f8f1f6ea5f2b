// Middleware overhead: the full API stack vs a bare Hono route doing the same handler work and returning
// the same JSON, in the same `wrangler dev`. Two routes:
//   vin            GET /v1/vins/{vin} with a staff JWT: request id + logging, config, repositories and
//                  services set-up, JWT verification, Durable Object rate limit, zod validation, VIN decode.
//   public-vehicle GET /v1/public/vehicles/{id} with X-Api-Key: the same, with the API key looked up in D1
//                  (hash) instead of a JWT, then the vehicle read; the bare route does only the read.
// 429-free by construction: VIN decode spends the caller's own bucket (default staff rule, 1,200/min),
// so the load rotates over 64 tokens with distinct subjects; the public route's dealership gets a high
// public limit. Every run checks that no response was non-2xx.
import { generateInventory } from "@forecourt/demo-inventory";
import { apiClient } from "../../scripts/lib/api-client";
import { mintDevToken } from "../../scripts/lib/dev-token";
import { log } from "../lib/http";
import { type LoadResult, load } from "../lib/load";
import { ratio } from "../lib/percentiles";
import { createDealership } from "./fixtures";

export interface OverheadResult {
  route: string;
  fullPath: string;
  barePath: string;
  sameBody: boolean;
  full: LoadResult;
  /** The same API app with the in-memory limiter instead of the Durable Object (no DO round trip). */
  memoryLimiter: LoadResult;
  bare: LoadResult;
  ratioP50: number;
  ratioP95: number;
  rpsRatio: number;
  /** The same pair with ONE connection: per-request cost without queueing on the 2 cores. */
  unloaded: {
    full: LoadResult;
    bare: LoadResult;
    durationSeconds: number;
    ratioP50: number;
    ratioP95: number;
  };
}

export interface MiddlewareResult {
  connections: number;
  durationSeconds: number;
  routes: OverheadResult[];
}

interface Target {
  route: string;
  full: { path: string; headers?: Record<string, string> }[];
  bare: { path: string }[];
}

async function sameBody(url: string, t: Target): Promise<boolean> {
  const get = async (r: { path: string; headers?: Record<string, string> }) => {
    const res = await fetch(url + r.path, { headers: r.headers });
    return { status: res.status, body: await res.text() };
  };
  const [a, b] = [await get(t.full[0]!), await get(t.bare[0]!)];
  if (a.status !== 200 || b.status !== 200)
    throw new Error(
      `target ${t.route}: HTTP ${a.status} (full) / ${b.status} (bare): ${a.body.slice(0, 300)}`,
    );
  return a.body === b.body;
}

async function targets(url: string): Promise<Target[]> {
  const [vehicle] = generateInventory({ seed: 7, count: 1, dealershipIndex: 1999 });
  const { exteriorColorFamily: _derived, ...fields } = vehicle!;
  const fx = await createDealership(
    url,
    "Bench middleware",
    { public: { limit: 100_000, windowSeconds: 1 } },
    { apiKey: true },
  );
  const adminToken = await mintDevToken({
    role: "dealer_admin",
    dealerships: [fx.dealershipId],
    subject: "bench-admin",
  });
  const created = await apiClient(url, { token: adminToken })<{ id: string }>(
    "POST",
    `/v1/dealerships/${fx.dealershipId}/vehicles`,
    fields,
  );
  const tokens = await Promise.all(
    Array.from({ length: 64 }, (_, i) =>
      mintDevToken({
        role: "dealer_staff",
        dealerships: [fx.dealershipId],
        subject: `bench-load-${String(i).padStart(2, "0")}`,
      }),
    ),
  );
  const vin = fields.vin;
  return [
    {
      route: "GET /v1/vins/{vin} (JWT)",
      full: tokens.map((t) => ({ path: `/v1/vins/${vin}`, headers: { authorization: `Bearer ${t}` } })),
      bare: [{ path: `/__bench/bare/vins/${vin}` }],
    },
    {
      route: "GET /v1/public/vehicles/{id} (X-Api-Key)",
      full: [{ path: `/v1/public/vehicles/${created.id}`, headers: { "x-api-key": fx.apiKey! } }],
      bare: [{ path: `/__bench/bare/public/vehicles/${created.id}?dealership=${fx.dealershipId}` }],
    },
  ];
}

const UNLOADED_SECONDS = 10;

export async function runMiddlewareSuite(
  url: string,
  opts: { connections: number; duration: number },
): Promise<MiddlewareResult> {
  const routes: OverheadResult[] = [];
  for (const t of await targets(url)) {
    const same = await sameBody(url, t);
    const run = (requests: Target["full"], seconds: number) =>
      load({ url, connections: opts.connections, durationSeconds: seconds, requests });
    log(`middleware ${t.route}: warm-up`);
    await run(t.bare, 3);
    await run(t.full, 3);
    const bare = await run(t.bare, opts.duration);
    const full = await run(t.full, opts.duration);
    const memoryLimiter = await run(
      t.full.map((r) => ({ ...r, headers: { ...r.headers, "x-bench-stack": "memory-limiter" } })),
      opts.duration,
    );
    const single = (requests: Target["full"]) =>
      load({ url, connections: 1, durationSeconds: UNLOADED_SECONDS, requests });
    const unloadedBare = await single(t.bare);
    const unloadedFull = await single(t.full);
    for (const [name, r] of [
      ["bare", bare],
      ["full", full],
      ["memory limiter", memoryLimiter],
      ["bare, 1 connection", unloadedBare],
      ["full, 1 connection", unloadedFull],
    ] as const) {
      if (r.non2xx || r.errors)
        throw new Error(
          `middleware ${t.route} ${name}: ${r.non2xx} non-2xx, ${r.errors} errors ${JSON.stringify(r.statusCounts)}`,
        );
    }
    const result: OverheadResult = {
      route: t.route,
      fullPath: t.full[0]!.path,
      barePath: t.bare[0]!.path,
      sameBody: same,
      full,
      memoryLimiter,
      bare,
      ratioP50: ratio(full.latency.p50, bare.latency.p50),
      ratioP95: ratio(full.latency.p95, bare.latency.p95),
      rpsRatio: ratio(bare.requestsPerSecond, full.requestsPerSecond),
      unloaded: {
        full: unloadedFull,
        bare: unloadedBare,
        durationSeconds: UNLOADED_SECONDS,
        ratioP50: ratio(unloadedFull.latency.p50, unloadedBare.latency.p50),
        ratioP95: ratio(unloadedFull.latency.p95, unloadedBare.latency.p95),
      },
    };
    log(
      `middleware ${t.route}: full p50 ${full.latency.p50.toFixed(2)} p95 ${full.latency.p95.toFixed(2)} ms ${full.requestsPerSecond.toFixed(0)} req/s | ` +
        `bare p50 ${bare.latency.p50.toFixed(2)} p95 ${bare.latency.p95.toFixed(2)} ms ${bare.requestsPerSecond.toFixed(0)} req/s | ratio p50 ${result.ratioP50.toFixed(2)}x p95 ${result.ratioP95.toFixed(2)}x | ` +
        `1 connection: full p50 ${unloadedFull.latency.p50.toFixed(2)} bare p50 ${unloadedBare.latency.p50.toFixed(2)} ms (${result.unloaded.ratioP50.toFixed(2)}x)`,
    );
    routes.push(result);
  }
  return { connections: opts.connections, durationSeconds: opts.duration, routes };
}
