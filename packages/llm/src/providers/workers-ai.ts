import { chatSpec, DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL, embeddingSpec } from "../catalog";
import { readSseData } from "../sse";
import {
  approxMessageTokens,
  approxTokens,
  costMicroUsd,
  embeddingCostMicroUsd,
  estimateChatCost,
  resolveMaxOutput,
} from "../tokens";
import {
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamEvent,
  type CostEstimate,
  type EmbeddingModel,
  type EmbeddingResult,
  LlmError,
  type LlmErrorCode,
  type ModelPricing,
  type TokenUsage,
} from "../types";
import { abortError, truncateForEmbedding, validateChatRequest, validateEmbeddingInput } from "../validate";
import { inBatches, interrupted, invalidResponse, mapFinish, normalizeInPlace } from "./shared";

/**
 * The part of the Workers AI binding (`Ai` in @cloudflare/workers-types) these adapters use:
 * `run(model, inputs, options)`. The real `env.AI` satisfies it; so does test/support/vendors/workers-ai-standin.
 */
export interface WorkersAiBinding {
  // biome-ignore lint/suspicious/noExplicitAny: the real binding's run() is a large overload set
  run(model: any, inputs: any, options?: any): Promise<unknown>;
}

export interface WorkersAiChatOptions {
  provider: "workers-ai";
  binding: WorkersAiBinding;
  /** Default @cf/meta/llama-3.1-8b-instruct. */
  model?: string;
  /** AI Gateway id, passed as `options.gateway.id` (caching/logging in front of Workers AI). */
  gatewayId?: string;
  limits?: Partial<ChatModel["limits"]>;
  pricing?: ModelPricing;
}

export interface WorkersAiEmbeddingOptions {
  provider: "workers-ai";
  binding: WorkersAiBinding;
  /** Default @cf/baai/bge-small-en-v1.5 (384 dimensions). */
  model?: string;
  /** Required for models this package does not know. */
  dimensions?: number;
  gatewayId?: string;
  maxBatch?: number;
  pricing?: { inputPerMTok: number };
}

const PROVIDER = "workers-ai";

/**
 * Binding errors carry the Workers AI internal code in the message ("3040: Capacity temporarily exceeded")
 * per https://developers.cloudflare.com/workers-ai/platform/errors/.
 */
const CODES: Record<string, LlmErrorCode> = {
  "3040": "overloaded",
  "3036": "rate_limited",
  "3007": "timeout",
  "3008": "timeout",
  "3006": "bad_request",
  "3003": "bad_request",
  "5004": "bad_request",
  "5007": "bad_request",
  "3042": "bad_request",
  "3023": "unauthorized",
  "3041": "unauthorized",
  "5016": "unauthorized",
  "5018": "unauthorized",
};

function mapError(err: unknown, signal: AbortSignal | undefined): LlmError {
  if (err instanceof LlmError) return err;
  const aborted = abortError(PROVIDER, signal, err);
  if (aborted) return aborted;
  const message = err instanceof Error ? err.message : String(err);
  const m = /\b(\d{4})\b/.exec(message);
  const code = (m && CODES[m[1]!]) ?? "server_error";
  // 3036 is the daily free allocation: retrying today will not help.
  const retryable = m?.[1] === "3036" ? false : undefined;
  return new LlmError(PROVIDER, code, `workers-ai: ${message.replace(/\s+/g, " ").slice(0, 300)}`, {
    cause: err,
    ...(retryable === undefined ? {} : { retryable }),
  });
}

function runOptions(signal: AbortSignal | undefined, gatewayId: string | undefined) {
  const o: Record<string, unknown> = {};
  if (signal) o.signal = signal;
  if (gatewayId) o.gateway = { id: gatewayId };
  return o;
}

function readUsage(u: unknown): TokenUsage | null {
  const x = u as { prompt_tokens?: unknown; completion_tokens?: unknown } | null | undefined;
  if (x && typeof x.prompt_tokens === "number" && typeof x.completion_tokens === "number") {
    return { inputTokens: x.prompt_tokens, outputTokens: x.completion_tokens };
  }
  return null;
}

export class WorkersAiChatModel implements ChatModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly limits: ChatModel["limits"];
  readonly pricing: ModelPricing;
  readonly #binding: WorkersAiBinding;
  readonly #gatewayId: string | undefined;

  constructor(options: Omit<WorkersAiChatOptions, "provider">) {
    if (!options.binding || typeof options.binding.run !== "function") {
      throw new LlmError(
        PROVIDER,
        "bad_request",
        'workers-ai: the AI binding is missing (add [ai] binding = "AI")',
        {
          retryable: false,
        },
      );
    }
    this.#binding = options.binding;
    this.#gatewayId = options.gatewayId;
    this.modelId = options.model ?? DEFAULT_CHAT_MODEL["workers-ai"];
    const spec = chatSpec(PROVIDER, this.modelId);
    this.limits = {
      contextTokens: options.limits?.contextTokens ?? spec.contextTokens,
      maxOutputTokens: options.limits?.maxOutputTokens ?? spec.maxOutputTokens,
    };
    this.pricing = options.pricing ?? spec.pricing;
  }

  estimateCost(request: ChatRequest): CostEstimate {
    return estimateChatCost(this, request);
  }

  cost(usage: TokenUsage): number {
    return costMicroUsd(this.pricing, usage);
  }

  #inputs(request: ChatRequest, stream: boolean) {
    validateChatRequest(PROVIDER, request, this.limits, approxMessageTokens(request.messages));
    return {
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      max_tokens: resolveMaxOutput(this, request),
      temperature: request.temperature ?? 0.2,
      stream,
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const inputs = this.#inputs(request, false);
    let out: unknown;
    try {
      out = await this.#binding.run(this.modelId, inputs, runOptions(request.signal, this.#gatewayId));
    } catch (err) {
      throw mapError(err, request.signal);
    }
    const o = out as {
      response?: unknown;
      usage?: unknown;
      choices?: { message?: { content?: unknown }; finish_reason?: string }[];
    };
    // Older models answer { response }, OpenAI-compatible ones { choices: [...] }.
    const text = typeof o?.response === "string" ? o.response : o?.choices?.[0]?.message?.content;
    if (typeof text !== "string") throw invalidResponse(PROVIDER, "no `response` string");
    const usage = readUsage(o.usage) ?? {
      inputTokens: approxMessageTokens(request.messages),
      outputTokens: approxTokens(text),
    };
    const finish =
      o.choices?.[0]?.finish_reason ??
      (usage.outputTokens >= resolveMaxOutput(this, request) ? "length" : "stop");
    return { text, usage, finishReason: mapFinish(finish), provider: PROVIDER, modelId: this.modelId };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const inputs = this.#inputs(request, true);
    let body: unknown;
    try {
      body = await this.#binding.run(this.modelId, inputs, runOptions(request.signal, this.#gatewayId));
    } catch (err) {
      throw mapError(err, request.signal);
    }
    if (!(body instanceof ReadableStream))
      throw invalidResponse(PROVIDER, "stream: true did not return a ReadableStream");
    let emitted = false;
    let chars = 0;
    let usage: TokenUsage | null = null;
    let finished = false;
    try {
      for await (const data of readSseData(body as ReadableStream<Uint8Array>, request.signal)) {
        if (data === "[DONE]") {
          finished = true;
          break;
        }
        let ev: { response?: unknown; usage?: unknown; choices?: { delta?: { content?: unknown } }[] };
        try {
          ev = JSON.parse(data);
        } catch (err) {
          throw invalidResponse(PROVIDER, "stream event is not JSON", err);
        }
        const delta = typeof ev?.response === "string" ? ev.response : ev?.choices?.[0]?.delta?.content;
        if (typeof delta === "string" && delta !== "") {
          emitted = true;
          chars += delta.length;
          yield { type: "text", delta };
        }
        usage = readUsage(ev?.usage) ?? usage;
      }
    } catch (err) {
      const e = mapError(err, request.signal);
      if (emitted && e.code !== "timeout") throw interrupted(PROVIDER, e.message, e);
      throw e;
    }
    if (!finished) {
      const aborted = abortError(PROVIDER, request.signal);
      if (aborted) throw aborted;
      if (emitted) throw interrupted(PROVIDER, "the stream ended before [DONE]");
      throw invalidResponse(PROVIDER, "the stream ended before [DONE]");
    }
    const u = usage ?? {
      inputTokens: approxMessageTokens(request.messages),
      outputTokens: Math.ceil(chars / 4),
    };
    yield { type: "usage", usage: u };
    yield {
      type: "done",
      finishReason: u.outputTokens >= resolveMaxOutput(this, request) ? "length" : "stop",
      provider: PROVIDER,
      modelId: this.modelId,
    };
  }
}

export class WorkersAiEmbeddingModel implements EmbeddingModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly dimensions: number;
  readonly limits: EmbeddingModel["limits"];
  readonly pricing: { inputPerMTok: number };
  readonly #binding: WorkersAiBinding;
  readonly #gatewayId: string | undefined;

  constructor(options: Omit<WorkersAiEmbeddingOptions, "provider">) {
    if (!options.binding || typeof options.binding.run !== "function") {
      throw new LlmError(
        PROVIDER,
        "bad_request",
        'workers-ai: the AI binding is missing (add [ai] binding = "AI")',
        {
          retryable: false,
        },
      );
    }
    this.#binding = options.binding;
    this.#gatewayId = options.gatewayId;
    this.modelId = options.model ?? DEFAULT_EMBEDDING_MODEL["workers-ai"];
    const spec = embeddingSpec(this.modelId);
    const dims = spec?.dimensions ?? options.dimensions;
    if (dims === undefined) {
      throw new LlmError(
        PROVIDER,
        "bad_request",
        `workers-ai: unknown embedding model ${this.modelId}: pass dimensions`,
        {
          retryable: false,
        },
      );
    }
    if (options.dimensions !== undefined && options.dimensions !== dims) {
      throw new LlmError(
        PROVIDER,
        "unsupported",
        `workers-ai: ${this.modelId} always returns ${dims} dimensions`,
        {
          retryable: false,
        },
      );
    }
    this.dimensions = dims;
    this.limits = {
      maxBatch: options.maxBatch ?? spec?.maxBatch ?? 100,
      maxInputTokens: spec?.maxInputTokens ?? 512,
    };
    this.pricing = options.pricing ?? { inputPerMTok: spec?.inputPerMTok ?? 0.204 };
  }

  cost(usage: { inputTokens: number }): number {
    return embeddingCostMicroUsd(this.pricing.inputPerMTok, usage.inputTokens);
  }

  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    validateEmbeddingInput(PROVIDER, texts);
    const signal = options?.signal;
    return inBatches(texts, this.limits.maxBatch, async (batch) => {
      const input = batch.map((t) => truncateForEmbedding(t, this.limits.maxInputTokens));
      let out: unknown;
      try {
        out = await this.#binding.run(this.modelId, { text: input }, runOptions(signal, this.#gatewayId));
      } catch (err) {
        throw mapError(err, signal);
      }
      const o = out as { shape?: unknown; data?: unknown };
      if (!o || !Array.isArray(o.data) || o.data.length !== batch.length) {
        throw invalidResponse(
          PROVIDER,
          `expected ${batch.length} embeddings, got ${Array.isArray(o?.data) ? o.data.length : "none"}`,
        );
      }
      const embeddings = (o.data as unknown[]).map((v) => {
        if (!Array.isArray(v) || v.length !== this.dimensions) {
          throw invalidResponse(PROVIDER, `embedding is not ${this.dimensions} numbers`);
        }
        return normalizeInPlace(PROVIDER, v.slice() as number[]);
      });
      // The binding reports no token usage for embeddings: the package approximation is used.
      return { embeddings, inputTokens: input.reduce((n, t) => n + approxTokens(t), 0) };
    });
  }
}
