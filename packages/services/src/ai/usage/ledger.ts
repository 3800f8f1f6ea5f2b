import type { Repositories } from "@forecourt/db";
import type { UsageEntry, UsageLedger } from "@forecourt/llm";
import { recordLlmUsage } from "@forecourt/observability";
import type { Clock } from "../../clock";
import { newId } from "../../ids";

/**
 * The LLM layer's UsageLedger over the `ai_usage` table. Each record gets a fresh id, so the table
 * never double-counts a retried insert of the same entry object; `withBudget` records each call once.
 * `onRecord` lets a caller see what was charged (the chat route reports it as its usage event).
 */
export class RepositoryUsageLedger implements UsageLedger {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly onRecord?: (entry: UsageEntry) => void,
  ) {}

  async record(entry: UsageEntry): Promise<void> {
    const at = entry.at || this.clock.now().toISOString();
    await this.repos.aiUsage.record({
      id: newId("use", Date.parse(at) || this.clock.now().getTime()),
      dealershipId: entry.dealershipId,
      feature: entry.feature,
      provider: entry.provider,
      modelId: entry.modelId,
      inputTokens: Math.max(0, Math.round(entry.inputTokens)),
      outputTokens: Math.max(0, Math.round(entry.outputTokens)),
      costMicroUsd: Math.max(0, Math.round(entry.costMicroUsd)),
      at,
    });
    recordLlmUsage(entry); // forecourt_llm_calls/tokens/cost_usd_total per dealership
    this.onRecord?.(entry);
  }

  spentSince(dealershipId: string, since: string): Promise<number> {
    return this.repos.aiUsage.spentSince(dealershipId, since);
  }
}
