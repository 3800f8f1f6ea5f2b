import Anthropic from "@anthropic-ai/sdk";
import { chatSpec, DEFAULT_CHAT_MODEL } from "../catalog";
import { fromSdkError } from "../http-errors";
import {
  approxMessageTokens,
  approxTokens,
  costMicroUsd,
  estimateChatCost,
  resolveMaxOutput,
} from "../tokens";
import {
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamEvent,
  type CostEstimate,
  LlmError,
  type ModelPricing,
  type TokenUsage,
} from "../types";
import { abortError, validateChatRequest } from "../validate";
import { interrupted, invalidResponse, mapFinish } from "./shared";

export interface AnthropicChatOptions {
  provider: "anthropic";
  apiKey: string;
  /** Default https://api.anthropic.com. */
  baseURL?: string;
  /** Default claude-haiku-4-5. */
  model?: string;
  defaultHeaders?: Record<string, string>;
  fetch?: typeof fetch;
  limits?: Partial<ChatModel["limits"]>;
  pricing?: ModelPricing;
}

const PROVIDER = "anthropic";

function mapError(err: unknown, signal: AbortSignal | undefined): LlmError {
  if (err instanceof LlmError) return err;
  const aborted = abortError(PROVIDER, signal, err);
  if (aborted) return aborted;
  if (err instanceof Anthropic.APIError) {
    const body = err.error as { error?: { type?: string } } | undefined;
    return fromSdkError(PROVIDER, err, err.type ?? body?.error?.type ?? null);
  }
  if (err instanceof SyntaxError) return invalidResponse(PROVIDER, err.message, err);
  return invalidResponse(PROVIDER, err instanceof Error ? err.message : String(err), err);
}

/**
 * Anthropic Messages API. System messages become the top-level `system` string (joined with blank lines, in
 * order); consecutive user/assistant messages of the same role are merged, empty ones dropped, as the API
 * wants alternating turns that start with the user.
 */
export class AnthropicChatModel implements ChatModel {
  readonly provider = PROVIDER;
  readonly modelId: string;
  readonly limits: ChatModel["limits"];
  readonly pricing: ModelPricing;
  readonly #client: Anthropic;

  constructor(options: Omit<AnthropicChatOptions, "provider">) {
    if (typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
      throw new LlmError(PROVIDER, "unauthorized", "anthropic: apiKey is required", { retryable: false });
    }
    this.modelId = options.model ?? DEFAULT_CHAT_MODEL.anthropic;
    const spec = chatSpec(PROVIDER, this.modelId);
    this.limits = {
      contextTokens: options.limits?.contextTokens ?? spec.contextTokens,
      maxOutputTokens: options.limits?.maxOutputTokens ?? spec.maxOutputTokens,
    };
    this.pricing = options.pricing ?? spec.pricing;
    this.#client = new Anthropic({
      apiKey: options.apiKey,
      authToken: null,
      baseURL: options.baseURL ?? null,
      defaultHeaders: options.defaultHeaders,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      maxRetries: 0,
      timeout: 10 * 60_000,
    });
  }

  estimateCost(request: ChatRequest): CostEstimate {
    return estimateChatCost(this, request);
  }

  cost(usage: TokenUsage): number {
    return costMicroUsd(this.pricing, usage);
  }

  #body(request: ChatRequest) {
    validateChatRequest(PROVIDER, request, this.limits, approxMessageTokens(request.messages));
    const system = request.messages
      .filter((m) => m.role === "system" && m.content.trim() !== "")
      .map((m) => m.content)
      .join("\n\n");
    const turns: { role: "user" | "assistant"; content: string }[] = [];
    for (const m of request.messages) {
      if (m.role === "system" || m.content.trim() === "") continue;
      const last = turns[turns.length - 1];
      if (last && last.role === m.role) last.content += `\n\n${m.content}`;
      else turns.push({ role: m.role, content: m.content });
    }
    while (turns[0]?.role === "assistant") turns.shift();
    return {
      model: this.modelId,
      max_tokens: resolveMaxOutput(this, request),
      temperature: Math.min(1, request.temperature ?? 0.2),
      ...(system ? { system } : {}),
      messages: turns,
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const body = this.#body(request);
    let msg: Anthropic.Message;
    try {
      msg = await this.#client.messages.create(
        { ...body, stream: false },
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (err) {
      throw mapError(err, request.signal);
    }
    if (!msg || !Array.isArray(msg.content)) throw invalidResponse(PROVIDER, "no content blocks");
    const text = msg.content
      .filter(
        (b): b is Anthropic.TextBlock =>
          b?.type === "text" && typeof (b as { text?: unknown }).text === "string",
      )
      .map((b) => b.text)
      .join("");
    const u = msg.usage;
    return {
      text,
      usage:
        u && typeof u.input_tokens === "number"
          ? { inputTokens: u.input_tokens, outputTokens: u.output_tokens }
          : { inputTokens: approxMessageTokens(request.messages), outputTokens: approxTokens(text) },
      finishReason: mapFinish(msg.stop_reason),
      provider: PROVIDER,
      modelId: this.modelId,
    };
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const body = this.#body(request);
    let stream: AsyncIterable<Anthropic.RawMessageStreamEvent>;
    try {
      stream = await this.#client.messages.create(
        { ...body, stream: true },
        request.signal ? { signal: request.signal } : undefined,
      );
    } catch (err) {
      throw mapError(err, request.signal);
    }
    let emitted = false;
    let chars = 0;
    let inputTokens: number | null = null;
    let outputTokens: number | null = null;
    let stop: string | null = null;
    let stopped = false;
    try {
      for await (const ev of stream) {
        switch (ev?.type) {
          case "message_start":
            inputTokens = ev.message?.usage?.input_tokens ?? null;
            outputTokens = ev.message?.usage?.output_tokens ?? null;
            break;
          case "content_block_delta":
            if (
              ev.delta?.type === "text_delta" &&
              typeof ev.delta.text === "string" &&
              ev.delta.text !== ""
            ) {
              emitted = true;
              chars += ev.delta.text.length;
              yield { type: "text", delta: ev.delta.text };
            }
            break;
          case "message_delta":
            stop = ev.delta?.stop_reason ?? stop;
            if (typeof ev.usage?.output_tokens === "number") outputTokens = ev.usage.output_tokens;
            if (typeof ev.usage?.input_tokens === "number") inputTokens = ev.usage.input_tokens;
            break;
          case "message_stop":
            stopped = true;
            break;
          case "content_block_start":
          case "content_block_stop":
            break;
          default:
            if (!ev || typeof ev !== "object" || typeof (ev as { type?: unknown }).type !== "string") {
              throw invalidResponse(PROVIDER, "stream event without a type");
            }
        }
      }
    } catch (err) {
      const e = mapError(err, request.signal);
      if (emitted && e.code !== "timeout") throw interrupted(PROVIDER, e.message, e);
      throw e;
    }
    if (!stopped) {
      const aborted = abortError(PROVIDER, request.signal);
      if (aborted) throw aborted;
      if (emitted) throw interrupted(PROVIDER, "the stream ended before message_stop");
      throw invalidResponse(PROVIDER, "the stream ended before message_stop");
    }
    yield {
      type: "usage",
      usage: {
        inputTokens: inputTokens ?? approxMessageTokens(request.messages),
        outputTokens: outputTokens ?? Math.ceil(chars / 4),
      },
    };
    yield { type: "done", finishReason: mapFinish(stop), provider: PROVIDER, modelId: this.modelId };
  }
}
