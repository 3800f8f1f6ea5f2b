import { DurableObject } from "cloudflare:workers";
import type { RateLimitRule } from "@forecourt/domain";
import { type BucketState, type KeyClass, type RateLimitDecision, takeFromBucket } from "./interface";

/**
 * One instance per dealership (`idFromName(dealershipId)`), one token bucket per key class inside.
 *
 * Exact under concurrency: a Durable Object runs one event at a time and `take` is synchronous from
 * reading the bucket to writing it back (no await in between), so N concurrent requests against L
 * tokens let exactly L through. State lives in memory and is written through to the object's storage
 * (unconfirmed, so replies do not wait on the disk), so an evicted or restarted object resumes its
 * buckets instead of starting full again.
 */
export class RateLimiterObject extends DurableObject {
  private readonly buckets = new Map<string, BucketState>();

  take(keyClass: KeyClass, rule: RateLimitRule, cost = 1): RateLimitDecision {
    const storageKey = `bucket:${keyClass}`;
    let state = this.buckets.get(storageKey);
    if (!state) state = this.ctx.storage.kv.get<BucketState>(storageKey);
    const result = takeFromBucket(state, rule, cost, Date.now());
    this.buckets.set(storageKey, result.state);
    // Unconfirmed write: the reply does not wait for the disk (the in-memory bucket is authoritative and
    // the runtime coalesces writes); storage only matters when a restarted object reloads its buckets.
    this.ctx.storage.put(storageKey, result.state, { allowUnconfirmed: true }).catch(() => {});
    return result.decision;
  }

  /** Test/ops helper: the current bucket without taking a token. */
  peek(keyClass: KeyClass): BucketState | null {
    const storageKey = `bucket:${keyClass}`;
    return this.buckets.get(storageKey) ?? this.ctx.storage.kv.get<BucketState>(storageKey) ?? null;
  }
}
