import type { AiConfig, ChatProviderConfig, EmbeddingProviderConfig } from "@forecourt/config";
import {
  CachedEmbeddingModel,
  type ChatModel,
  type ChatModelOptions,
  createChatModel,
  createEmbeddingModel,
  type EmbeddingModel,
  type EmbeddingModelOptions,
  FallbackChatModel,
  withEmbeddingResilience,
  withTimeout,
} from "@forecourt/llm";
import { instrumentModel, instrumentVectorStore } from "@forecourt/observability";
import { type VectorStore, VectorStoreError } from "@forecourt/vector";
import { buildVectorStore } from "./vectors";

export { buildVectorStore, storeKeyOf, VECTOR_STORE_NAME, vectorStoreConfigByName } from "./vectors";

/**
 * What the product's AI features use, built from validated configuration (packages/config
 * `loadAiConfig`): the configured vector store, embedding model and chat model (the fallback chain, each
 * member with its timeout and circuit breaker). Switching any of them is a configuration change.
 * Structurally the `AiDeps` that `createServices({ ai })` takes.
 */
export interface AiProviders {
  vectors: VectorStore;
  embeddings: EmbeddingModel;
  chat: ChatModel;
  /**
   * What a dealership over budget is degraded to instead of a refusal (LLM_BUDGET_FALLBACK_PROVIDER /
   * LLM_BUDGET_FALLBACK_MODEL), bounded by LLM_TIMEOUT_MS and its own circuit breaker; null = refuse.
   */
  cheaperChat: ChatModel | null;
  /** Default budgets per dealership (micro-dollars; null = none), from AI_DAILY_BUDGET_USD / AI_MONTHLY_BUDGET_USD. */
  budgets: AiConfig["budgets"];
}

export interface ProviderOptions {
  /**
   * fetch for the HTTP adapters that take one: OpenAI, Anthropic and Pinecone (not Qdrant: its client always
   * calls the global fetch). Tests point SDKs at local servers through their base URL instead.
   */
  fetch?: typeof fetch;
  /** Cached embeddings per isolate (repeated queries are not paid twice). Default 2,000; 0 turns it off. */
  embeddingCacheEntries?: number;
}

/**
 * Builds the configured providers. Cheap and synchronous; Workers keep the result for the isolate's
 * life (see workers/embedder and the API's services middleware) so caches and breakers persist.
 * Throws VectorStoreError("invalid_input") if the store cannot hold the embedding model's vectors.
 */
export function createAiProviders(config: AiConfig, options: ProviderOptions = {}): AiProviders {
  const embeddings = buildEmbeddingModel(config.embedding, config.timeoutMs, options);
  const vectors = buildVectorStore(config.vectorStore, embeddings.dimensions, options);
  if (vectors.limits.dimensions !== embeddings.dimensions) {
    throw new VectorStoreError(
      vectors.kind,
      "invalid_input",
      `the ${vectors.kind} store holds ${vectors.limits.dimensions}-dimensional vectors but ${embeddings.provider}/${embeddings.modelId} makes ${embeddings.dimensions}`,
    );
  }
  return {
    // Vector calls counted and timed per dealership (namespace): forecourt_vector_* metrics.
    vectors: instrumentVectorStore(vectors),
    embeddings,
    chat: buildChatChain(config.chat, config.timeoutMs, options),
    cheaperChat: config.budgetFallback
      ? buildChatChain([config.budgetFallback], config.timeoutMs, options)
      : null,
    budgets: config.budgets,
  };
}

/** One adapter's options from its settings (model unset: the adapter's default model). */
function chatOptions(p: ChatProviderConfig, options: ProviderOptions): ChatModelOptions {
  const fetchOpt = options.fetch ? { fetch: options.fetch } : {};
  switch (p.provider) {
    case "openai":
      return {
        provider: "openai",
        apiKey: p.apiKey,
        ...(p.baseUrl ? { baseURL: p.baseUrl } : {}),
        ...(p.model ? { model: p.model } : {}),
        ...fetchOpt,
      };
    case "anthropic":
      return {
        provider: "anthropic",
        apiKey: p.apiKey,
        ...(p.baseUrl ? { baseURL: p.baseUrl } : {}),
        ...(p.model ? { model: p.model } : {}),
        ...fetchOpt,
      };
    case "workers-ai":
      return { provider: "workers-ai", binding: p.ai as never, ...(p.model ? { model: p.model } : {}) };
    case "local":
      return { provider: "local" };
  }
}

/** The configured chain: each member bounded by LLM_TIMEOUT_MS, wrapped in the fallback with its breakers. */
export function buildChatChain(
  chain: ChatProviderConfig[],
  timeoutMs: number,
  options: ProviderOptions = {},
): ChatModel {
  // Each provider's calls are timed (forecourt_llm_call_duration_seconds), inside timeout and fallback.
  const models = chain.map((p) =>
    withTimeout(instrumentModel(createChatModel(chatOptions(p, options)), "chat", ["chat"]), { timeoutMs }),
  );
  return new FallbackChatModel(models);
}

export function buildEmbeddingModel(
  p: EmbeddingProviderConfig,
  timeoutMs: number,
  options: ProviderOptions = {},
): EmbeddingModel {
  let opts: EmbeddingModelOptions;
  switch (p.provider) {
    case "openai":
      opts = {
        provider: "openai",
        apiKey: p.apiKey,
        ...(p.baseUrl ? { baseURL: p.baseUrl } : {}),
        ...(p.model ? { model: p.model } : {}),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      };
      break;
    case "workers-ai":
      opts = { provider: "workers-ai", binding: p.ai as never, ...(p.model ? { model: p.model } : {}) };
      break;
    case "local":
      opts = { provider: "local" };
      break;
  }
  // Timeout only, no in-call retries: the embedder's queue retries (with backoff) are the retry layer.
  const model = withEmbeddingResilience(instrumentModel(createEmbeddingModel(opts), "embedding", ["embed"]), {
    timeoutMs,
    retries: 0,
  });
  const entries = options.embeddingCacheEntries ?? 2000;
  return entries > 0 ? new CachedEmbeddingModel(model, { maxEntries: entries }) : model;
}
