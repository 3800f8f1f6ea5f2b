import type { ModelPricing } from "./types";

/**
 * Default limits and list prices of the models the factories know, as published by each vendor at the time of
 * writing (USD per million tokens). Any model id works: unknown ids take the provider's fallback entry, and
 * every factory accepts `limits`/`pricing` overrides, so a price change is configuration, not code.
 */
export interface ChatModelSpec {
  contextTokens: number;
  maxOutputTokens: number;
  pricing: ModelPricing;
}
export interface EmbeddingModelSpec {
  /** Native dimensions. */
  dimensions: number;
  /** Whether the API accepts a smaller `dimensions` (OpenAI text-embedding-3-*). */
  adjustableDimensions: boolean;
  maxBatch: number;
  maxInputTokens: number;
  inputPerMTok: number;
}

export const DEFAULT_CHAT_MODEL = {
  openai: "gpt-4o-mini",
  anthropic: "claude-haiku-4-5",
  "workers-ai": "@cf/meta/llama-3.1-8b-instruct",
  local: "local-extractive",
} as const;

export const DEFAULT_EMBEDDING_MODEL = {
  openai: "text-embedding-3-small",
  "workers-ai": "@cf/baai/bge-small-en-v1.5",
  local: "local-hashing-384",
} as const;

const CHAT: Record<string, ChatModelSpec> = {
  "gpt-4o-mini": {
    contextTokens: 128_000,
    maxOutputTokens: 16_384,
    pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
  },
  "gpt-4o": {
    contextTokens: 128_000,
    maxOutputTokens: 16_384,
    pricing: { inputPerMTok: 2.5, outputPerMTok: 10 },
  },
  "gpt-4.1-mini": {
    contextTokens: 1_047_576,
    maxOutputTokens: 32_768,
    pricing: { inputPerMTok: 0.4, outputPerMTok: 1.6 },
  },
  "gpt-4.1-nano": {
    contextTokens: 1_047_576,
    maxOutputTokens: 32_768,
    pricing: { inputPerMTok: 0.1, outputPerMTok: 0.4 },
  },
  "claude-haiku-4-5": {
    contextTokens: 200_000,
    maxOutputTokens: 64_000,
    pricing: { inputPerMTok: 1, outputPerMTok: 5 },
  },
  "claude-3-5-haiku-latest": {
    contextTokens: 200_000,
    maxOutputTokens: 8_192,
    pricing: { inputPerMTok: 0.8, outputPerMTok: 4 },
  },
  "claude-sonnet-4-5": {
    contextTokens: 200_000,
    maxOutputTokens: 64_000,
    pricing: { inputPerMTok: 3, outputPerMTok: 15 },
  },
  "@cf/meta/llama-3.1-8b-instruct": {
    contextTokens: 7_968,
    maxOutputTokens: 2_048,
    pricing: { inputPerMTok: 0.282, outputPerMTok: 0.827 },
  },
  "@cf/meta/llama-3.3-70b-instruct-fp8-fast": {
    contextTokens: 24_000,
    maxOutputTokens: 4_096,
    pricing: { inputPerMTok: 0.293, outputPerMTok: 2.253 },
  },
  "local-extractive": {
    contextTokens: 1_000_000,
    maxOutputTokens: 1_024,
    pricing: { inputPerMTok: 0, outputPerMTok: 0 },
  },
};

/** Used for model ids not in the table: conservative limits, the provider's priciest listed price. */
const CHAT_FALLBACK: Record<string, ChatModelSpec> = {
  openai: {
    contextTokens: 128_000,
    maxOutputTokens: 4_096,
    pricing: { inputPerMTok: 2.5, outputPerMTok: 10 },
  },
  anthropic: {
    contextTokens: 200_000,
    maxOutputTokens: 4_096,
    pricing: { inputPerMTok: 3, outputPerMTok: 15 },
  },
  "workers-ai": {
    contextTokens: 7_968,
    maxOutputTokens: 2_048,
    pricing: { inputPerMTok: 0.293, outputPerMTok: 2.253 },
  },
  local: { contextTokens: 1_000_000, maxOutputTokens: 1_024, pricing: { inputPerMTok: 0, outputPerMTok: 0 } },
};

const EMBEDDING: Record<string, EmbeddingModelSpec> = {
  "text-embedding-3-small": {
    dimensions: 1536,
    adjustableDimensions: true,
    maxBatch: 2048,
    maxInputTokens: 8191,
    inputPerMTok: 0.02,
  },
  "text-embedding-3-large": {
    dimensions: 3072,
    adjustableDimensions: true,
    maxBatch: 2048,
    maxInputTokens: 8191,
    inputPerMTok: 0.13,
  },
  "text-embedding-ada-002": {
    dimensions: 1536,
    adjustableDimensions: false,
    maxBatch: 2048,
    maxInputTokens: 8191,
    inputPerMTok: 0.1,
  },
  "@cf/baai/bge-small-en-v1.5": {
    dimensions: 384,
    adjustableDimensions: false,
    maxBatch: 100,
    maxInputTokens: 512,
    inputPerMTok: 0.02,
  },
  "@cf/baai/bge-base-en-v1.5": {
    dimensions: 768,
    adjustableDimensions: false,
    maxBatch: 100,
    maxInputTokens: 512,
    inputPerMTok: 0.067,
  },
  "@cf/baai/bge-large-en-v1.5": {
    dimensions: 1024,
    adjustableDimensions: false,
    maxBatch: 100,
    maxInputTokens: 512,
    inputPerMTok: 0.204,
  },
  "local-hashing-384": {
    dimensions: 384,
    adjustableDimensions: false,
    maxBatch: 1024,
    maxInputTokens: 100_000,
    inputPerMTok: 0,
  },
};

export function chatSpec(provider: string, modelId: string): ChatModelSpec {
  return CHAT[modelId] ?? CHAT_FALLBACK[provider] ?? CHAT_FALLBACK.openai!;
}

export function embeddingSpec(modelId: string): EmbeddingModelSpec | undefined {
  return EMBEDDING[modelId];
}
