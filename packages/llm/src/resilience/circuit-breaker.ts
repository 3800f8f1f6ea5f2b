import { LlmError, type LlmErrorCode } from "../types";
import { type Clock, systemClock } from "./clock";

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long it stays open before one trial call is let through (default 30 s). */
  cooldownMs?: number;
  clock?: Clock;
}

/** Failures that say the PROVIDER is unwell (a bad request or an exhausted budget says nothing about it). */
const HEALTH_CODES: ReadonlySet<LlmErrorCode> = new Set([
  "rate_limited",
  "overloaded",
  "server_error",
  "timeout",
  "invalid_response",
  "stream_interrupted",
  "unauthorized",
]);

export function countsAsProviderFailure(err: unknown): boolean {
  return err instanceof LlmError && HEALTH_CODES.has(err.code) && !(err.code === "timeout" && !err.retryable);
}

/**
 * One provider's circuit: closed (calls flow; consecutive failures counted) -> open after `failureThreshold`
 * (calls refused with `circuit_open` until `cooldownMs` passed) -> half-open (exactly one trial call; success
 * closes the circuit, failure opens it for another cooldown).
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #clock: Clock;
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;
  #trialInFlight = false;

  constructor(
    readonly name: string,
    options: CircuitBreakerOptions = {},
  ) {
    this.#threshold = Math.max(1, options.failureThreshold ?? 5);
    this.#cooldownMs = Math.max(0, options.cooldownMs ?? 30_000);
    this.#clock = options.clock ?? systemClock;
  }

  get state(): CircuitState {
    if (this.#state === "open" && this.#clock.now() - this.#openedAt >= this.#cooldownMs) return "half-open";
    return this.#state;
  }

  get consecutiveFailures(): number {
    return this.#failures;
  }

  /** Takes a permit for one call, or throws `circuit_open`. Pair with success()/failure()/release(). */
  acquire(): void {
    const s = this.state;
    if (s === "closed") return;
    if (s === "half-open" && !this.#trialInFlight) {
      this.#state = "half-open";
      this.#trialInFlight = true;
      return;
    }
    const retryIn = Math.max(0, this.#openedAt + this.#cooldownMs - this.#clock.now());
    throw new LlmError(
      this.name,
      "circuit_open",
      `${this.name}: circuit open after ${this.#failures} consecutive failures; next trial in ${Math.ceil(retryIn / 1000)} s`,
      { retryable: false, retryAfterMs: retryIn },
    );
  }

  success(): void {
    this.#state = "closed";
    this.#failures = 0;
    this.#trialInFlight = false;
  }

  /** Records the outcome of a failed call; only provider-health failures count. */
  failure(err: unknown): void {
    const wasTrial = this.#trialInFlight;
    this.#trialInFlight = false;
    if (!countsAsProviderFailure(err)) {
      if (wasTrial) this.#state = "half-open";
      return;
    }
    this.#failures++;
    if (wasTrial || this.#failures >= this.#threshold) {
      this.#state = "open";
      this.#openedAt = this.#clock.now();
    }
  }

  /** A call that ended without a verdict (the caller stopped reading): frees a half-open trial. */
  release(): void {
    this.#trialInFlight = false;
  }
}
