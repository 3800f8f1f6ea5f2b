import type { RateLimitRule } from "@forecourt/domain";

/** `public` = publishable API keys (dealer websites); `staff` = JWT callers. */
export type KeyClass = "public" | "staff";

export interface RateLimitRequest {
  /** Whose budget: a dealership id, or `principal:<sub>` for calls not about one dealership. */
  key: string;
  keyClass: KeyClass;
  /** The rule travels with the call, so the limiter needs no database. */
  rule: RateLimitRule;
  cost?: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until one request would be allowed; 0 when allowed (Retry-After). */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  limit(req: RateLimitRequest): Promise<RateLimitDecision>;
}

/** Token bucket arithmetic, shared by the Durable Object and the in-memory limiter. */
export interface BucketState {
  tokens: number;
  updatedMs: number;
  limit: number;
  windowSeconds: number;
}

export function takeFromBucket(
  state: BucketState | undefined,
  rule: RateLimitRule,
  cost: number,
  nowMs: number,
): { state: BucketState; decision: RateLimitDecision } {
  const ratePerMs = rule.limit / (rule.windowSeconds * 1000);
  let tokens: number;
  if (!state) tokens = rule.limit;
  else {
    const elapsed = Math.max(0, nowMs - state.updatedMs);
    // Refill at the current rule's rate; a lowered limit caps what is left.
    tokens = Math.min(rule.limit, state.tokens + elapsed * ratePerMs);
  }
  const allowed = tokens >= cost;
  if (allowed) tokens -= cost;
  const next: BucketState = {
    tokens,
    updatedMs: nowMs,
    limit: rule.limit,
    windowSeconds: rule.windowSeconds,
  };
  return {
    state: next,
    decision: {
      allowed,
      limit: rule.limit,
      remaining: Math.max(0, Math.floor(tokens + 1e-9)),
      resetSeconds: Math.ceil((rule.limit - tokens) / ratePerMs / 1000 - 1e-9),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((cost - tokens) / ratePerMs / 1000 - 1e-9)),
    },
  };
}

/** Per-isolate limiter for unit tests and local tools; not shared across isolates. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  constructor(private readonly now: () => number = Date.now) {}
  async limit(req: RateLimitRequest): Promise<RateLimitDecision> {
    const id = `${req.key}|${req.keyClass}`;
    const { state, decision } = takeFromBucket(this.buckets.get(id), req.rule, req.cost ?? 1, this.now());
    this.buckets.set(id, state);
    return decision;
  }
}
