import {
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamEvent,
  type CostEstimate,
  LlmError,
  type TokenUsage,
} from "../types";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit-breaker";
import { resolveModel } from "./delegate";

export interface FallbackOptions extends CircuitBreakerOptions {
  /** Called when a model is skipped or fails and the next one is tried. */
  onFallback?: (info: { from: string; error: LlmError }) => void;
}

/**
 * An ordered chain (e.g. anthropic -> openai -> workers-ai -> local): each call goes to the first model whose
 * circuit lets it through; on failure the next one is tried. A stream moves on only while it has emitted no
 * text: once the shopper has seen words, a failure ends the stream with `stream_interrupted`. A caller abort
 * or a budget refusal stops the chain. Each model has its own CircuitBreaker.
 *
 * Limits are the first model's; `pricing`/`estimateCost` are the most expensive member's (an upper bound for
 * budgets); the exact price of an answer comes from `resolve(provider, modelId)` of the model that answered.
 */
export class FallbackChatModel implements ChatModel {
  readonly provider = "fallback";
  readonly modelId: string;
  readonly limits: ChatModel["limits"];
  readonly pricing: ChatModel["pricing"];
  readonly breakers: CircuitBreaker[];
  readonly #onFallback: FallbackOptions["onFallback"];

  constructor(
    readonly models: readonly ChatModel[],
    options: FallbackOptions = {},
  ) {
    if (models.length === 0) throw new Error("FallbackChatModel needs at least one model");
    this.modelId = models.map((m) => `${m.provider}:${m.modelId}`).join(" > ");
    this.limits = models[0]!.limits;
    this.pricing = {
      inputPerMTok: Math.max(...models.map((m) => m.pricing.inputPerMTok)),
      outputPerMTok: Math.max(...models.map((m) => m.pricing.outputPerMTok)),
    };
    this.breakers = models.map((m) => new CircuitBreaker(`${m.provider}:${m.modelId}`, options));
    this.#onFallback = options.onFallback;
  }

  estimateCost(request: ChatRequest): CostEstimate {
    let worst: CostEstimate | null = null;
    for (const m of this.models) {
      const e = m.estimateCost(request);
      if (!worst || e.costMicroUsd > worst.costMicroUsd) worst = e;
    }
    return worst!;
  }

  cost(usage: TokenUsage): number {
    return Math.max(...this.models.map((m) => m.cost(usage)));
  }

  resolve(provider: string, modelId: string): ChatModel | undefined {
    for (const m of this.models) {
      const r = resolveModel(m, provider, modelId);
      if (r) return r;
    }
    return undefined;
  }

  #stop(err: unknown, request: ChatRequest): boolean {
    return request.signal?.aborted === true || (err instanceof LlmError && err.code === "budget_exceeded");
  }

  #exhausted(errors: LlmError[]): LlmError {
    const last = errors[errors.length - 1]!;
    return new LlmError(
      "fallback",
      last.code,
      `every provider failed: ${errors.map((e) => `${e.provider}: ${e.code}`).join("; ")}. Last: ${last.message}`,
      { retryable: last.retryable, retryAfterMs: last.retryAfterMs, status: last.status, cause: last },
    );
  }

  #toLlm(err: unknown, model: ChatModel): LlmError {
    return err instanceof LlmError
      ? err
      : new LlmError(model.provider, "server_error", `${model.provider}: ${String(err)}`, { cause: err });
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const errors: LlmError[] = [];
    for (const [i, model] of this.models.entries()) {
      const breaker = this.breakers[i]!;
      try {
        breaker.acquire();
      } catch (err) {
        errors.push(err as LlmError);
        this.#onFallback?.({ from: breaker.name, error: err as LlmError });
        continue;
      }
      try {
        const r = await model.chat(request);
        breaker.success();
        return r;
      } catch (err) {
        breaker.failure(err);
        if (this.#stop(err, request)) throw err;
        const e = this.#toLlm(err, model);
        errors.push(e);
        this.#onFallback?.({ from: breaker.name, error: e });
      }
    }
    throw this.#exhausted(errors);
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const errors: LlmError[] = [];
    for (const [i, model] of this.models.entries()) {
      const breaker = this.breakers[i]!;
      try {
        breaker.acquire();
      } catch (err) {
        errors.push(err as LlmError);
        this.#onFallback?.({ from: breaker.name, error: err as LlmError });
        continue;
      }
      let emitted = false;
      let verdict = false;
      try {
        for await (const ev of model.stream(request)) {
          if (ev.type === "text") emitted = true;
          if (ev.type === "done") {
            breaker.success();
            verdict = true;
          }
          yield ev;
        }
        if (!verdict) {
          breaker.success();
          verdict = true;
        }
        return;
      } catch (err) {
        breaker.failure(err);
        verdict = true;
        if (emitted || this.#stop(err, request)) throw err;
        const e = this.#toLlm(err, model);
        errors.push(e);
        this.#onFallback?.({ from: breaker.name, error: e });
      } finally {
        if (!verdict) breaker.release();
      }
    }
    throw this.#exhausted(errors);
  }
}
