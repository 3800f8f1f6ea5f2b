/** Retry policy of queue messages: exponential backoff with "equal jitter", capped. */
export interface BackoffPolicy {
  /** Delay before the first retry, in seconds (0 retries at once: tests). */
  baseSeconds: number;
  /** Largest delay (Queues accept at most 43,200 s). */
  maxSeconds: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseSeconds: 30, maxSeconds: 3600 };

/**
 * Seconds to wait before retrying a message that failed its `attempts`-th delivery (1-based):
 * `base × 2^(attempts−1)`, capped, then a uniformly random point in its upper half, so retries of many
 * messages that failed together (one dealer site down) spread out instead of arriving in lockstep.
 */
export function retryDelaySeconds(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(attempts));
  const cap = Math.min(Math.max(0, policy.maxSeconds), 43_200);
  const exp = Math.min(cap, Math.max(0, policy.baseSeconds) * 2 ** Math.min(n - 1, 30));
  const half = exp / 2;
  return Math.min(cap, Math.round(half + random() * half));
}
