import OpenAI from "openai";
import { chatSpec, DEFAULT_CHAT_MODEL, DEFAULT_EMBEDDING_MODEL, embeddingSpec } from "../catalog";
import { fromSdkError } from "../http-errors";
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
  type ModelPricing,
  type TokenUsage,
} from "../types";
import { abortError, truncateForEmbedding, validateChatRequest, validateEmbeddingInput } from "../validate";
import { inBatches, interrupted, invalidResponse, mapFinish, normalizeInPlace } from "./shared";

export interface OpenAIConnection {
  apiKey: string;
  /** Default https://api.openai.com/v1; any OpenAI-compatible endpoint (Azure, AI Gateway, a local server). */
  baseURL?: string;
  organization?: string;
  project?: string;
  defaultHeaders?: Record<string, string>;
  /** For tests/proxies; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export interface OpenAIChatOptions extends OpenAIConnection {
  provider: "openai";
  /** Default gpt-4o-mini. */
  model?: string;
  limits?: Partial<ChatModel["limits"]>;
  pricing?: ModelPricing;
}

export interface OpenAIEmbeddingOptions extends OpenAIConnection {
  provider: "openai";
  /** Default text-embedding-3-small. */
  model?: string;
  /** Requested size (text-embedding-3-* accept any size up to the native one); default: native. */
  dimensions?: number;
  maxBatch?: number;
  pricing?: { inputPerMTok: number };
}

const PROVIDER = "openai";

function client(o: OpenAIConnection): OpenAI {
  if (typeof o.apiKey !== "string" || o.apiKey.trim() === "") {
    throw new LlmError(PROVIDER, "unauthorized", "openai: apiKey is required", { retryable: false });
  }
  return new OpenAI({
    apiKey: o.apiKey,
    baseURL: o.baseURL ?? null,
    organization: o.organization ?? null,
    project: o.project ?? null,
    defaultHeaders: o.defaultHeaders,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    // Retries and timeouts are ours (resilience/), so the SDK must not add hidden ones.
    maxRetries: 0,
    timeout: 10 * 60_000,
  });
}

function mapError(err: unknown, signal: AbortSignal | undefined): LlmError {
  if (err instanceof LlmError) return err;
  const aborted = abortError(PROVIDER, signal, err);
  if (aborted) return aborted;
  if (err instanceof OpenAI.APIError) {
    // status undefined = no HTTP answer (connection) or an error object inside a 200 stream
    return fromSdkError(PROVIDER, err, err.type ?? null, err.code ?? null);
  }
  if (err instanceof SyntaxError) return invalidResponse(PROVIDER, err.message, err);
  return invalidResponse(PROVIDER, err instanceof Error ? err.message : String(err), err);
}

export class OpenAIChatModel implements ChatModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly limits: ChatModel["limits"];
  readonly pricing: ModelPricing;
  readonly #client: OpenAI;

  constructor(options: Omit<OpenAIChatOptions, "provider">) {
    this.modelId = options.model ?? DEFAULT_CHAT_MODEL.openai;
    const spec = chatSpec(PROVIDER, this.modelId);
    this.limits = {
      contextTokens: options.limits?.contextTokens ?? spec.contextTokens,
      maxOutputTokens: options.limits?.maxOutputTokens ?? spec.maxOutputTokens,
    };
    this.pricing = options.pricing ?? spec.pricing;
    this.#client = client(options);
  }

  estimateCost(request: ChatRequest): CostEstimate {
    return estimateChatCost(this, request);
  }

  cost(usage: TokenUsage): number {
    return costMicroUsd(this.pricing, usage);
  }

  #body(request: ChatRequest) {
    validateChatRequest(PROVIDER, request, this.limits, approxMessageTokens(request.messages));
    return {
      model: this.modelId,
      messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
      max_completion_tokens: resolveMaxOutput(this, request),
      temperature: request.temperature ?? 0.2,
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const body = this.#body(request);
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.#client.chat.completions.create(
        { ...body, stream: false },
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (err) {
      throw mapError(err, request.signal);
    }
    const choice = completion?.choices?.[0];
    const text = choice?.message?.content;
    if (!choice || typeof text !== "string") throw invalidResponse(PROVIDER, "no choices[0].message.content");
    const usage = completion.usage;
    return {
      text,
      usage: usage
        ? { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens }
        : { inputTokens: approxMessageTokens(request.messages), outputTokens: approxTokens(text) },
      finishReason: mapFinish(choice.finish_reason),
      provider: PROVIDER,
      modelId: this.modelId,
    };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const body = this.#body(request);
    let emitted = false;
    let finish: string | null = null;
    let usage: TokenUsage | null = null;
    let chars = 0;
    let stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>;
    try {
      stream = await this.#client.chat.completions.create(
        { ...body, stream: true, stream_options: { include_usage: true } },
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (err) {
      throw mapError(err, request.signal);
    }
    try {
      for await (const chunk of stream) {
        if (!chunk || typeof chunk !== "object" || !Array.isArray(chunk.choices)) {
          throw invalidResponse(PROVIDER, "stream chunk is not a chat.completion.chunk");
        }
        const choice = chunk.choices[0];
        const delta = choice?.delta?.content;
        if (typeof delta === "string" && delta !== "") {
          emitted = true;
          chars += delta.length;
          yield { type: "text", delta };
        }
        if (choice?.finish_reason) finish = choice.finish_reason;
        if (chunk.usage)
          usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
      }
    } catch (err) {
      const e = mapError(err, request.signal);
      if (emitted && e.code !== "timeout") throw interrupted(PROVIDER, e.message, e);
      throw e;
    }
    if (finish === null) {
      // The SDK ends quietly on abort: report the timeout/abort, not a drop.
      const aborted = abortError(PROVIDER, request.signal);
      if (aborted) throw aborted;
      // The body ended without a finish_reason: the connection dropped.
      if (emitted) throw interrupted(PROVIDER, "the stream ended before the model finished");
      throw invalidResponse(PROVIDER, "the stream ended before any content");
    }
    yield {
      type: "usage",
      usage: usage ?? {
        inputTokens: approxMessageTokens(request.messages),
        outputTokens: Math.ceil(chars / 4),
      },
    };
    yield { type: "done", finishReason: mapFinish(finish), provider: PROVIDER, modelId: this.modelId };
  }
}

export class OpenAIEmbeddingModel implements EmbeddingModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly dimensions: number;
  readonly limits: EmbeddingModel["limits"];
  readonly pricing: { inputPerMTok: number };
  readonly #client: OpenAI;
  readonly #sendDimensions: boolean;

  constructor(options: Omit<OpenAIEmbeddingOptions, "provider">) {
    this.modelId = options.model ?? DEFAULT_EMBEDDING_MODEL.openai;
    const spec = embeddingSpec(this.modelId);
    const native = spec?.dimensions;
    if (options.dimensions !== undefined) {
      if (!Number.isInteger(options.dimensions) || options.dimensions < 1) {
        throw new LlmError(PROVIDER, "bad_request", "openai: dimensions must be a positive integer", {
          retryable: false,
        });
      }
      if (
        spec &&
        (!spec.adjustableDimensions
          ? options.dimensions !== spec.dimensions
          : options.dimensions > spec.dimensions)
      ) {
        throw new LlmError(
          PROVIDER,
          "unsupported",
          `openai: ${this.modelId} cannot return ${options.dimensions} dimensions (native ${spec.dimensions}${spec.adjustableDimensions ? ", smaller allowed" : ", fixed"})`,
          { retryable: false },
        );
      }
    }
    const dims = options.dimensions ?? native;
    if (dims === undefined) {
      throw new LlmError(
        PROVIDER,
        "bad_request",
        `openai: unknown embedding model ${this.modelId}: pass dimensions`,
        {
          retryable: false,
        },
      );
    }
    this.dimensions = dims;
    this.#sendDimensions = options.dimensions !== undefined && (spec?.adjustableDimensions ?? true);
    this.limits = {
      maxBatch: options.maxBatch ?? spec?.maxBatch ?? 2048,
      maxInputTokens: spec?.maxInputTokens ?? 8191,
    };
    this.pricing = options.pricing ?? { inputPerMTok: spec?.inputPerMTok ?? 0.13 };
    this.#client = client(options);
  }

  cost(usage: { inputTokens: number }): number {
    return embeddingCostMicroUsd(this.pricing.inputPerMTok, usage.inputTokens);
  }

  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    validateEmbeddingInput(PROVIDER, texts);
    const signal = options?.signal;
    return inBatches(texts, this.limits.maxBatch, async (batch) => {
      let res: OpenAI.CreateEmbeddingResponse;
      try {
        res = await this.#client.embeddings.create(
          {
            model: this.modelId,
            input: batch.map((t) => truncateForEmbedding(t, this.limits.maxInputTokens)),
            ...(this.#sendDimensions ? { dimensions: this.dimensions } : {}),
          },
          signal ? { signal } : undefined,
        );
      } catch (err) {
        throw mapError(err, signal);
      }
      if (!res || !Array.isArray(res.data) || res.data.length !== batch.length) {
        throw invalidResponse(
          PROVIDER,
          `expected ${batch.length} embeddings, got ${res?.data?.length ?? "none"}`,
        );
      }
      const out: number[][] = new Array(batch.length);
      for (const d of res.data) {
        const i = d?.index;
        if (typeof i !== "number" || i < 0 || i >= batch.length || out[i] !== undefined) {
          throw invalidResponse(PROVIDER, "embedding index missing or repeated");
        }
        const v = Array.from(d.embedding as ArrayLike<number>);
        if (v.length !== this.dimensions) {
          throw invalidResponse(
            PROVIDER,
            `embedding has ${v.length} dimensions, expected ${this.dimensions}`,
          );
        }
        out[i] = normalizeInPlace(PROVIDER, v);
      }
      return {
        embeddings: out,
        inputTokens: res.usage?.prompt_tokens ?? batch.reduce((n, t) => n + approxTokens(t), 0),
      };
    });
  }
}
