import type { ChatModel, ChatRequest, ChatResult, ChatStreamEvent, CostEstimate, TokenUsage } from "../types";

/**
 * Base of the chat wrappers: forwards everything to the wrapped model. `resolve(provider, modelId)` finds the
 * concrete model that answered (through fallback chains), so budgets price the answer at the right rate.
 */
export abstract class DelegatingChatModel implements ChatModel {
  constructor(protected readonly inner: ChatModel) {}
  get provider(): string {
    return this.inner.provider;
  }
  get modelId(): string {
    return this.inner.modelId;
  }
  get limits(): ChatModel["limits"] {
    return this.inner.limits;
  }
  get pricing(): ChatModel["pricing"] {
    return this.inner.pricing;
  }
  estimateCost(request: ChatRequest): CostEstimate {
    return this.inner.estimateCost(request);
  }
  cost(usage: TokenUsage): number {
    return this.inner.cost(usage);
  }
  resolve(provider: string, modelId: string): ChatModel | undefined {
    return resolveModel(this.inner, provider, modelId);
  }
  abstract chat(request: ChatRequest): Promise<ChatResult>;
  abstract stream(request: ChatRequest): AsyncIterable<ChatStreamEvent>;
}

/** The concrete model behind `model` that has this provider and model id (or undefined). */
export function resolveModel(model: ChatModel, provider: string, modelId: string): ChatModel | undefined {
  const r = (model as { resolve?: (p: string, m: string) => ChatModel | undefined }).resolve;
  if (typeof r === "function") return r.call(model, provider, modelId);
  return model.provider === provider && model.modelId === modelId ? model : undefined;
}
