import type { RateLimiterObject } from "./durable-object";
import type { RateLimitDecision, RateLimiter, RateLimitRequest } from "./interface";

/** The production limiter: one RPC to the key's Durable Object per request. */
export class DurableObjectRateLimiter implements RateLimiter {
  constructor(private readonly namespace: DurableObjectNamespace<RateLimiterObject>) {}

  async limit(req: RateLimitRequest): Promise<RateLimitDecision> {
    const stub = this.namespace.get(this.namespace.idFromName(req.key));
    return stub.take(req.keyClass, req.rule, req.cost ?? 1);
  }
}
