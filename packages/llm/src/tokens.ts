import type { ChatMessage, ChatRequest, CostEstimate, ModelPricing, TokenUsage } from "./types";

/**
 * The one token approximation of this package: ceil(characters / 4) per text, plus 4 tokens of framing per
 * chat message. Vendor adapters use it only BEFORE a call (estimateCost, budgets) and when a vendor reports
 * no usage (a stream that broke); the local models use it for their reported usage too, so for them the
 * estimate and the usage agree exactly.
 */
export const CHARS_PER_TOKEN = 4;
export const TOKENS_PER_MESSAGE = 4;

export function approxTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function approxMessageTokens(messages: readonly ChatMessage[]): number {
  let n = 0;
  for (const m of messages) n += approxTokens(m.content) + TOKENS_PER_MESSAGE;
  return n;
}

/**
 * Micro-dollars for a usage at a price per million tokens: price per MTok in USD is exactly micro-USD per
 * token, so this is tokens x price, rounded UP to an integer (accounting never under-charges nor adds floats).
 */
export function costMicroUsd(pricing: ModelPricing, usage: TokenUsage): number {
  const raw = usage.inputTokens * pricing.inputPerMTok + usage.outputTokens * pricing.outputPerMTok;
  // Guard the float product (0.15 * 3 = 0.44999999999999996) before rounding up.
  return Math.ceil(Math.round(raw * 1e6) / 1e6);
}

export function embeddingCostMicroUsd(inputPerMTok: number, inputTokens: number): number {
  return Math.ceil(Math.round(inputTokens * inputPerMTok * 1e6) / 1e6);
}

/** Upper bound before a call: estimated input, output = the requested (or default) maximum. */
export function estimateChatCost(
  model: { pricing: ModelPricing; limits: { maxOutputTokens: number } },
  request: ChatRequest,
): CostEstimate {
  const inputTokens = approxMessageTokens(request.messages);
  const outputTokens = resolveMaxOutput(model, request);
  return {
    inputTokens,
    outputTokens,
    costMicroUsd: costMicroUsd(model.pricing, { inputTokens, outputTokens }),
  };
}

export function resolveMaxOutput(
  model: { limits: { maxOutputTokens: number } },
  request: ChatRequest,
): number {
  const m = request.maxOutputTokens;
  if (m === undefined) return model.limits.maxOutputTokens;
  return Math.max(1, Math.min(Math.floor(m), model.limits.maxOutputTokens));
}
