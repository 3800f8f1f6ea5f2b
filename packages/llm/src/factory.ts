import { type LocalChatOptions, LocalExtractiveChatModel } from "./local/chat";
import { type LocalEmbeddingOptions, LocalHashingEmbeddingModel } from "./local/embedding";
import { AnthropicChatModel, type AnthropicChatOptions } from "./providers/anthropic";
import {
  OpenAIChatModel,
  type OpenAIChatOptions,
  OpenAIEmbeddingModel,
  type OpenAIEmbeddingOptions,
} from "./providers/openai";
import {
  WorkersAiChatModel,
  type WorkersAiChatOptions,
  WorkersAiEmbeddingModel,
  type WorkersAiEmbeddingOptions,
} from "./providers/workers-ai";
import { type ChatModel, type EmbeddingModel, LlmError } from "./types";

export type ChatModelOptions =
  | OpenAIChatOptions
  | AnthropicChatOptions
  | WorkersAiChatOptions
  | LocalChatOptions;

/** Anthropic has no embeddings API: accepted as a type so configuration errors are reported clearly. */
export interface AnthropicEmbeddingOptions {
  provider: "anthropic";
  [key: string]: unknown;
}

export type EmbeddingModelOptions =
  | OpenAIEmbeddingOptions
  | WorkersAiEmbeddingOptions
  | LocalEmbeddingOptions
  | AnthropicEmbeddingOptions;

export type ChatProvider = ChatModelOptions["provider"];
export type EmbeddingProvider = Exclude<EmbeddingModelOptions["provider"], "anthropic">;

/** A chat model chosen by configuration. */
export function createChatModel(options: ChatModelOptions): ChatModel {
  switch (options?.provider) {
    case "openai":
      return new OpenAIChatModel(options);
    case "anthropic":
      return new AnthropicChatModel(options);
    case "workers-ai":
      return new WorkersAiChatModel(options);
    case "local":
      return new LocalExtractiveChatModel(options);
    default:
      throw new LlmError(
        String((options as { provider?: unknown })?.provider ?? "none"),
        "unsupported",
        `unknown chat provider ${JSON.stringify((options as { provider?: unknown })?.provider)}: use openai, anthropic, workers-ai or local`,
        { retryable: false },
      );
  }
}

/** An embedding model chosen by configuration. */
export function createEmbeddingModel(options: EmbeddingModelOptions): EmbeddingModel {
  switch (options?.provider) {
    case "openai":
      return new OpenAIEmbeddingModel(options as OpenAIEmbeddingOptions);
    case "workers-ai":
      return new WorkersAiEmbeddingModel(options as WorkersAiEmbeddingOptions);
    case "local":
      return new LocalHashingEmbeddingModel(options as LocalEmbeddingOptions);
    case "anthropic":
      throw new LlmError(
        "anthropic",
        "unsupported",
        "anthropic has no embeddings API: configure embeddings with openai, workers-ai or local (Anthropic can still be the chat provider)",
        { retryable: false },
      );
    default:
      throw new LlmError(
        String((options as { provider?: unknown })?.provider ?? "none"),
        "unsupported",
        `unknown embedding provider ${JSON.stringify((options as { provider?: unknown })?.provider)}: use openai, workers-ai or local`,
        { retryable: false },
      );
  }
}
