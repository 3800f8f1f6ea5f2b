import { DEFAULT_RATE_LIMITS, type RateLimitRule } from "@forecourt/domain";
import { canSeeDealership } from "@forecourt/services";
import type { Context, MiddlewareHandler } from "hono";
import type { HonoEnv } from "../env";
import { dealershipLimits } from "../lib/dealership-limits";
import { ApiError } from "../lib/errors";
import type { KeyClass, RateLimiter } from "../ratelimit/interface";

const DEALERSHIP_PATH = /^\/v1\/dealerships\/([^/]+)/;

function pathDealership(path: string): string | null {
  const m = DEALERSHIP_PATH.exec(path);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
}

/**
 * Whose budget a request spends:
 * - API key: its dealership's `public` bucket.
 * - JWT on a dealership path the caller may see: that dealership's `staff` bucket.
 * - Anything else (lists, VIN decode, or a dealership the caller may not see — which will 404): a
 *   bucket of the caller's own (`principal:<sub>`) with the default staff rule, so nobody can spend
 *   another tenant's budget.
 */
async function budgetFor(
  c: Context<HonoEnv>,
): Promise<{ key: string; keyClass: KeyClass; rule: RateLimitRule } | null> {
  const principal = c.get("principal");
  if (!principal) return null;
  const services = c.get("services");
  if (principal.kind === "api_key") {
    const limits = await dealershipLimits(services, principal.dealershipId);
    return { key: principal.dealershipId, keyClass: "public", rule: limits.rateLimits.public };
  }
  const dealershipId = pathDealership(new URL(c.req.url).pathname);
  if (dealershipId && canSeeDealership(principal, dealershipId)) {
    c.set("dealershipId", dealershipId);
    const limits = await dealershipLimits(services, dealershipId);
    return { key: dealershipId, keyClass: "staff", rule: limits.rateLimits.staff };
  }
  return { key: `principal:${principal.subject}`, keyClass: "staff", rule: DEFAULT_RATE_LIMITS.staff };
}

/** One limiter call per authenticated request; RateLimit-* headers on every limited response. */
export function rateLimit(limiterFor: (c: Context<HonoEnv>) => RateLimiter): MiddlewareHandler<HonoEnv> {
  return async (c, next) => {
    const budget = await budgetFor(c);
    if (!budget) return next();
    let decision: Awaited<ReturnType<RateLimiter["limit"]>>;
    try {
      decision = await limiterFor(c).limit(budget);
    } catch (err) {
      // Fail open: an unavailable limiter must not take the API down with it.
      c.get("logger").warn("rate limiter unavailable; request allowed", { errorMessage: String(err) });
      return next();
    }
    c.header("RateLimit-Limit", String(decision.limit));
    c.header("RateLimit-Remaining", String(decision.remaining));
    c.header("RateLimit-Reset", String(decision.resetSeconds));
    c.header("RateLimit-Policy", `${budget.rule.limit};w=${budget.rule.windowSeconds}`);
    if (!decision.allowed) {
      throw new ApiError(
        "rate_limited",
        `rate limit of ${budget.rule.limit} requests per ${budget.rule.windowSeconds}s exceeded for this ${budget.keyClass === "public" ? "API key's dealership" : "dealership"}; retry after ${decision.retryAfterSeconds}s`,
        { headers: { "Retry-After": String(decision.retryAfterSeconds) } },
      );
    }
    return next();
  };
}
