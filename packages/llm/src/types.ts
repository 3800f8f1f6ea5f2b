/**
 * The LLM contract (SPEC capability 5), in the spirit of vercel/ai's provider spec: plain types that each
 * vendor adapter (OpenAI, Anthropic, Workers AI, local) implements, with its limits and prices declared
 * and its vendor errors mapped to `LlmError` inside the adapter. Every adapter passes the one conformance
 * suite in test/llm/.
 */

export type ChatRole = "system" | "user" | "assistant";
export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Default: the model's limits.maxOutputTokens. */
  maxOutputTokens?: number;
  /** Default 0.2. */
  temperature?: number;
  signal?: AbortSignal;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export type FinishReason = "stop" | "length" | "content_filter" | "error";

export interface ChatResult {
  text: string;
  usage: TokenUsage;
  finishReason: FinishReason;
  /** The provider and model that actually answered (after any fallback). */
  provider: string;
  modelId: string;
}

export type ChatStreamEvent =
  | { type: "text"; delta: string }
  | { type: "usage"; usage: TokenUsage }
  | { type: "done"; finishReason: FinishReason; provider: string; modelId: string };

/** Prices in US dollars per million tokens. */
export interface ModelPricing {
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface CostEstimate {
  inputTokens: number;
  outputTokens: number;
  /** Micro-dollars (1e-6 USD), integer: accounting never adds floats. */
  costMicroUsd: number;
}

export interface ChatModel {
  readonly provider: string;
  readonly modelId: string;
  readonly limits: { contextTokens: number; maxOutputTokens: number };
  readonly pricing: ModelPricing;
  chat(request: ChatRequest): Promise<ChatResult>;
  /** Yields text deltas, then one usage event, then done. A stream that breaks throws LlmError mid-iteration. */
  stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
  /** Upper bound before the call: input tokens estimated, output = maxOutputTokens. */
  estimateCost(request: ChatRequest): CostEstimate;
  /** Exact cost of a finished call. */
  cost(usage: TokenUsage): number;
}

export interface EmbeddingResult {
  embeddings: number[][];
  usage: { inputTokens: number };
}

export interface EmbeddingModel {
  readonly provider: string;
  readonly modelId: string;
  readonly dimensions: number;
  readonly limits: { maxBatch: number; maxInputTokens: number };
  readonly pricing: { inputPerMTok: number };
  /** One vector per input, in order; splits into batches of limits.maxBatch itself. Vectors are unit length. */
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult>;
  cost(usage: { inputTokens: number }): number;
}

export type LlmErrorCode =
  | "rate_limited"
  | "overloaded"
  | "server_error"
  | "timeout"
  | "bad_request"
  | "unauthorized"
  | "invalid_response"
  | "stream_interrupted"
  | "circuit_open"
  | "budget_exceeded"
  | "unsupported";

export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly provider: string;
  readonly retryable: boolean;
  /** From Retry-After / vendor headers when given. */
  readonly retryAfterMs: number | null;
  readonly status: number | null;
  constructor(
    provider: string,
    code: LlmErrorCode,
    message: string,
    options?: { retryable?: boolean; retryAfterMs?: number | null; status?: number | null; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LlmError";
    this.provider = provider;
    this.code = code;
    this.retryable =
      options?.retryable ??
      (code === "rate_limited" || code === "overloaded" || code === "server_error" || code === "timeout");
    this.retryAfterMs = options?.retryAfterMs ?? null;
    this.status = options?.status ?? null;
  }
}

/** One priced call, for accounting per dealership and per feature. */
export interface UsageEntry {
  dealershipId: string;
  feature: "chat" | "search" | "embedding";
  provider: string;
  modelId: string;
  inputTokens: number;
  outputTokens: number;
  costMicroUsd: number;
  /** ISO-8601 UTC. */
  at: string;
}

/** Where usage is recorded and budgets are read from (a DB repository in the Workers, memory in tests). */
export interface UsageLedger {
  record(entry: UsageEntry): Promise<void>;
  /** Total micro-dollars spent by the dealership since `since` (inclusive). */
  spentSince(dealershipId: string, since: string): Promise<number>;
}
