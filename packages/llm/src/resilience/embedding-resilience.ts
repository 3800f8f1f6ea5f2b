import { type EmbeddingModel, type EmbeddingResult, LlmError } from "../types";
import { type Clock, systemClock } from "./clock";

export interface EmbeddingResilienceOptions {
  /** Per embed() call (all its batches); default none. */
  timeoutMs?: number;
  /** Extra attempts for retryable errors (default 2), backoff as in RetryChatModel. */
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  clock?: Clock;
  random?: () => number;
}

/**
 * Timeout + retry for an embedding model. There is deliberately no embedding fallback: vectors of different
 * models live in different spaces, so a query embedded by model B cannot be compared with documents embedded
 * by model A. An embedding outage is an error (the embedder's queue retries), never a silent model switch.
 */
export class ResilientEmbeddingModel implements EmbeddingModel {
  readonly #o: EmbeddingResilienceOptions;
  readonly #clock: Clock;
  constructor(
    private readonly inner: EmbeddingModel,
    options: EmbeddingResilienceOptions = {},
  ) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }
  get provider() {
    return this.inner.provider;
  }
  get modelId() {
    return this.inner.modelId;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  get limits() {
    return this.inner.limits;
  }
  get pricing() {
    return this.inner.pricing;
  }
  cost(usage: { inputTokens: number }): number {
    return this.inner.cost(usage);
  }

  async #once(texts: string[], signal: AbortSignal | undefined): Promise<EmbeddingResult> {
    const ms = this.#o.timeoutMs;
    if (!ms) return this.inner.embed(texts, signal ? { signal } : undefined);
    const c = new AbortController();
    const onAbort = () => c.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    let fired = false;
    const t = setTimeout(() => {
      fired = true;
      c.abort(new DOMException(`timed out after ${ms} ms`, "TimeoutError"));
    }, ms);
    try {
      return await this.inner.embed(texts, { signal: c.signal });
    } catch (err) {
      if (fired)
        throw new LlmError(
          this.inner.provider,
          "timeout",
          `${this.inner.provider}: embeddings took over ${ms} ms`,
          { cause: err },
        );
      throw err;
    } finally {
      clearTimeout(t);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    const retries = this.#o.retries ?? 2;
    const base = this.#o.baseDelayMs ?? 250;
    const max = this.#o.maxDelayMs ?? 4000;
    const random = this.#o.random ?? Math.random;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(texts, options?.signal);
      } catch (err) {
        if (!(err instanceof LlmError) || !err.retryable || attempt > retries || options?.signal?.aborted)
          throw err;
        const exp = Math.min(max, base * 2 ** (attempt - 1));
        const wait = Math.max(exp / 2 + (exp / 2) * random(), err.retryAfterMs ?? 0);
        if (wait > max) throw err;
        await this.#clock.sleep(Math.round(wait), options?.signal).catch(() => {
          throw err;
        });
      }
    }
  }
}

export function withEmbeddingResilience(
  model: EmbeddingModel,
  options?: EmbeddingResilienceOptions,
): EmbeddingModel {
  return new ResilientEmbeddingModel(model, options);
}
