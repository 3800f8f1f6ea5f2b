import type { ChatModel, EmbeddingModel } from "@forecourt/llm";
import type { VectorStore } from "@forecourt/vector";

/**
 * The AI providers services use, chosen by configuration (`createAiProviders` in @forecourt/providers).
 * `chat` may be a FallbackChatModel chain; `cheaperChat`, when given, is what a dealership over budget is
 * degraded to instead of being refused.
 */
export interface AiDeps {
  vectors: VectorStore;
  embeddings: EmbeddingModel;
  chat: ChatModel;
  cheaperChat?: ChatModel | null;
}

/** Default AI budgets per dealership in micro-dollars (config AI_DAILY_BUDGET_USD / AI_MONTHLY_BUDGET_USD). */
export interface AiBudgetDefaults {
  dailyMicroUsd: number | null;
  monthlyMicroUsd: number | null;
}
