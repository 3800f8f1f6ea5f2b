// Rate limiter exactness through the real API: N concurrent requests from dealership A's staff against a
// limit of L must let exactly L through and answer N−L with 429 + Retry-After (+ RateLimit-* headers),
// while dealership B, bursting its own L requests at the same moment, loses none. Repeated on fresh
// dealerships (fresh Durable Objects) for a few rounds.
import { mintDevToken } from "../../scripts/lib/dev-token";
import { log } from "../lib/http";
import { type Summary, summarize } from "../lib/percentiles";
import { createDealership } from "./fixtures";

interface Counts {
  sent: number;
  ok: number;
  limited: number;
  other: number;
  /** No response within REQUEST_TIMEOUT_MS. */
  noAnswer: number;
}

export interface RoundResult {
  round: number;
  a: Counts & { retryAfterMissing: number; rateLimitHeadersMissing: number };
  b: Counts;
  retryAfter: { min: number; max: number };
  exact: boolean;
  burstMs: number;
  latency: Summary;
}

export interface RateLimitResult {
  burst: number;
  limit: number;
  windowSeconds: number;
  route: string;
  rounds: RoundResult[];
  allExact: boolean;
}

const WINDOW = 3_600;
const REQUEST_TIMEOUT_MS = 30_000;

interface Answer {
  status: number;
  headers: Headers;
  ms: number;
}

async function fire(url: string, dealershipId: string, token: string): Promise<Answer> {
  const t0 = performance.now();
  // Node's fetch opens as many connections per origin as there are requests in flight. A request with
  // no answer in time counts as status 0 ("no answer"), never as a pass.
  try {
    const res = await fetch(`${url}/v1/dealerships/${dealershipId}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return { status: res.status, headers: res.headers, ms: performance.now() - t0 };
  } catch {
    return { status: 0, headers: new Headers(), ms: performance.now() - t0 };
  }
}

function count(rs: Answer[]): Counts {
  return {
    sent: rs.length,
    ok: rs.filter((r) => r.status === 200).length,
    limited: rs.filter((r) => r.status === 429).length,
    other: rs.filter((r) => r.status !== 200 && r.status !== 429 && r.status !== 0).length,
    noAnswer: rs.filter((r) => r.status === 0).length,
  };
}

export async function runRateLimitSuite(
  url: string,
  opts: { burst: number; limit: number; rounds?: number },
): Promise<RateLimitResult> {
  const rounds: RoundResult[] = [];
  for (let round = 1; round <= (opts.rounds ?? 3); round++) {
    const rule = { staff: { limit: opts.limit, windowSeconds: WINDOW } };
    const a = await createDealership(url, `Bench limiter A${round}`, rule);
    const b = await createDealership(url, `Bench limiter B${round}`, rule);
    const tokenA = await mintDevToken({
      role: "dealer_staff",
      dealerships: [a.dealershipId],
      subject: `bench-limit-a${round}`,
    });
    const tokenB = await mintDevToken({
      role: "dealer_staff",
      dealerships: [b.dealershipId],
      subject: `bench-limit-b${round}`,
    });
    const t0 = performance.now();
    const [resA, resB] = await Promise.all([
      Promise.all(Array.from({ length: opts.burst }, () => fire(url, a.dealershipId, tokenA))),
      Promise.all(Array.from({ length: opts.limit }, () => fire(url, b.dealershipId, tokenB))),
    ]);
    const burstMs = performance.now() - t0;
    const retryAfters = resA.filter((r) => r.status === 429).map((r) => Number(r.headers.get("retry-after")));
    const result: RoundResult = {
      round,
      a: {
        ...count(resA),
        retryAfterMissing: retryAfters.filter((x) => !Number.isFinite(x) || x < 1).length,
        rateLimitHeadersMissing: resA.filter(
          (r) =>
            r.status !== 0 && (!r.headers.get("ratelimit-limit") || !r.headers.get("ratelimit-remaining")),
        ).length,
      },
      b: count(resB),
      retryAfter: { min: Math.min(...retryAfters), max: Math.max(...retryAfters) },
      exact: false,
      burstMs,
      latency: summarize([...resA, ...resB].filter((r) => r.status !== 0).map((r) => r.ms)),
    };
    result.exact =
      result.a.ok === opts.limit &&
      result.a.limited === opts.burst - opts.limit &&
      result.a.other + result.a.noAnswer === 0 &&
      result.a.retryAfterMissing + result.a.rateLimitHeadersMissing === 0 &&
      result.b.ok === opts.limit &&
      result.b.limited + result.b.other + result.b.noAnswer === 0;
    log(
      `rate limit round ${round}: A ${result.a.ok} ok / ${result.a.limited} × 429 / ${result.a.other} other / ${result.a.noAnswer} no answer ` +
        `(of ${opts.burst}, limit ${opts.limit}); B ${result.b.ok}/${opts.limit} ok, ${result.b.noAnswer} no answer; ` +
        `Retry-After ${result.retryAfter.min}–${result.retryAfter.max}s; ${result.exact ? "EXACT" : "NOT EXACT"}`,
    );
    rounds.push(result);
  }
  return {
    burst: opts.burst,
    limit: opts.limit,
    windowSeconds: WINDOW,
    route: "GET /v1/dealerships/{id} (staff JWT, the dealership's staff bucket)",
    rounds,
    allExact: rounds.every((r) => r.exact),
  };
}
