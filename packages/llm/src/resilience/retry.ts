import { type ChatModel, type ChatRequest, type ChatResult, type ChatStreamEvent, LlmError } from "../types";
import { type Clock, systemClock } from "./clock";
import { DelegatingChatModel } from "./delegate";

export interface RetryOptions {
  /** Extra attempts after the first (default 2). */
  retries?: number;
  /** First backoff (default 250 ms), doubled per attempt, capped at maxDelayMs (default 4000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  clock?: Clock;
  /** [0,1) source for jitter; default Math.random. */
  random?: () => number;
  /** Called before each wait (logging/metrics). */
  onRetry?: (info: { attempt: number; delayMs: number; error: LlmError }) => void;
}

/**
 * Retries what is safe to retry: LlmErrors marked retryable (rate limit, overload, 5xx, timeout, unreadable
 * body), never a caller abort, never a stream that has already emitted text (the caller has shown it), never
 * when the vendor asks to wait longer than maxDelayMs (the fallback chain should move on instead). The wait
 * is the larger of Retry-After and exponential backoff with "equal jitter" (half fixed, half random).
 */
export class RetryChatModel extends DelegatingChatModel {
  readonly #o: Required<Omit<RetryOptions, "onRetry">> & Pick<RetryOptions, "onRetry">;
  constructor(inner: ChatModel, options: RetryOptions = {}) {
    super(inner);
    this.#o = {
      retries: options.retries ?? 2,
      baseDelayMs: options.baseDelayMs ?? 250,
      maxDelayMs: options.maxDelayMs ?? 4000,
      clock: options.clock ?? systemClock,
      random: options.random ?? Math.random,
      onRetry: options.onRetry,
    };
  }

  /** The wait before retry `attempt` (1-based), or null when this error must not be retried. */
  delayFor(error: unknown, attempt: number, signal: AbortSignal | undefined): number | null {
    if (!(error instanceof LlmError) || !error.retryable) return null;
    if (signal?.aborted || attempt > this.#o.retries) return null;
    const exp = Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempt - 1));
    const backoff = exp / 2 + (exp / 2) * this.#o.random();
    const wait = Math.max(backoff, error.retryAfterMs ?? 0);
    if (wait > this.#o.maxDelayMs) return null;
    return Math.round(wait);
  }

  async #wait(error: LlmError, attempt: number, delayMs: number, signal: AbortSignal | undefined) {
    this.#o.onRetry?.({ attempt, delayMs, error });
    try {
      await this.#o.clock.sleep(delayMs, signal);
    } catch {
      throw error;
    }
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.inner.chat(request);
      } catch (err) {
        const delay = this.delayFor(err, attempt, request.signal);
        if (delay === null) throw err;
        await this.#wait(err as LlmError, attempt, delay, request.signal);
      }
    }
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    for (let attempt = 1; ; attempt++) {
      let emitted = false;
      try {
        for await (const ev of this.inner.stream(request)) {
          if (ev.type === "text") emitted = true;
          yield ev;
        }
        return;
      } catch (err) {
        const delay = emitted ? null : this.delayFor(err, attempt, request.signal);
        if (delay === null) throw err;
        await this.#wait(err as LlmError, attempt, delay, request.signal);
      }
    }
  }
}

export function withRetry(model: ChatModel, options?: RetryOptions): ChatModel {
  return new RetryChatModel(model, options);
}
