export {
  type ChatModelSpec,
  chatSpec,
  DEFAULT_CHAT_MODEL,
  DEFAULT_EMBEDDING_MODEL,
  type EmbeddingModelSpec,
  embeddingSpec,
} from "./catalog";
export {
  cleanFieldValue,
  formatVehicleContext,
  KNOWN_FIELDS,
  type KnownField,
  type ParsedVehicleRecord,
  parseVehicleContext,
  VEHICLE_ID_PATTERN,
  type VehicleRecord,
  vehicleRecordsFromMessages,
} from "./context";
export {
  type AnthropicEmbeddingOptions,
  type ChatModelOptions,
  type ChatProvider,
  createChatModel,
  createEmbeddingModel,
  type EmbeddingModelOptions,
  type EmbeddingProvider,
} from "./factory";
export {
  LOCAL_NO_MATCH_PREFIX,
  type LocalChatOptions,
  LocalExtractiveChatModel,
  localAnswer,
} from "./local/chat";
export {
  hashingEmbedding,
  LOCAL_EMBEDDING_DIMENSIONS,
  type LocalEmbeddingOptions,
  LocalHashingEmbeddingModel,
} from "./local/embedding";
export { AnthropicChatModel, type AnthropicChatOptions } from "./providers/anthropic";
export {
  OpenAIChatModel,
  type OpenAIChatOptions,
  type OpenAIConnection,
  OpenAIEmbeddingModel,
  type OpenAIEmbeddingOptions,
} from "./providers/openai";
export {
  type WorkersAiBinding,
  WorkersAiChatModel,
  type WorkersAiChatOptions,
  WorkersAiEmbeddingModel,
  type WorkersAiEmbeddingOptions,
} from "./providers/workers-ai";
export {
  AccountedEmbeddingModel,
  BudgetedChatModel,
  type BudgetOptions,
  type EmbeddingUsageOptions,
  withBudget,
  withEmbeddingUsage,
} from "./resilience/budget";
export {
  CircuitBreaker,
  type CircuitBreakerOptions,
  type CircuitState,
  countsAsProviderFailure,
} from "./resilience/circuit-breaker";
export { type Clock, ManualClock, systemClock } from "./resilience/clock";
export { DelegatingChatModel, resolveModel } from "./resilience/delegate";
export { CachedEmbeddingModel, type EmbeddingCacheOptions } from "./resilience/embedding-cache";
export {
  type EmbeddingResilienceOptions,
  ResilientEmbeddingModel,
  withEmbeddingResilience,
} from "./resilience/embedding-resilience";
export { FallbackChatModel, type FallbackOptions } from "./resilience/fallback";
export { RetryChatModel, type RetryOptions, withRetry } from "./resilience/retry";
export { TimeoutChatModel, type TimeoutOptions, withTimeout } from "./resilience/timeout";
export {
  approxMessageTokens,
  approxTokens,
  CHARS_PER_TOKEN,
  costMicroUsd,
  embeddingCostMicroUsd,
  TOKENS_PER_MESSAGE,
} from "./tokens";
export * from "./types";
export { MemoryUsageLedger, utcDayStart, utcMonthStart } from "./usage-ledger";
