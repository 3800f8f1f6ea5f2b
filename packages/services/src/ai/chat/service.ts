import type { Repositories, StoredConversation } from "@forecourt/db";
import type { Principal, Vehicle } from "@forecourt/domain";
import { type ChatMessage, LlmError, type UsageEntry, withBudget } from "@forecourt/llm";
import type { Clock } from "../../clock";
import { notFound, serviceUnavailable, validationFailed } from "../../errors";
import { newId } from "../../ids";
import { authorizeDealership } from "../../policy";
import type { AiDeps } from "../deps";
import { SEARCH_QUERY_MAX_CHARS, type SemanticSearchService } from "../search/service";
import { RepositoryUsageLedger } from "../usage/ledger";
import type { AiUsageService } from "../usage/service";
import {
  appendTurn,
  CHAT_MESSAGE_MAX_CHARS,
  promptHistory,
  readMessages,
  type StoredTurnMessage,
} from "./conversation";
import type { ChatErrorCode, ChatEvent } from "./events";
import { checkSentence, SentenceSplitter } from "./grounding";
import { buildChatMessages } from "./prompt";

/** Vehicles retrieved per question and put in the prompt. */
export const CHAT_RETRIEVAL_LIMIT = 8;
export const NO_MATCH_ANSWER =
  "I could not find a vehicle in our inventory that matches your question. Try different words, or fewer requirements.";
export const WITHHELD_NOTE = (n: number) =>
  ` (I left out ${n === 1 ? "a statement" : `${n} statements`} I could not verify against our inventory.)`;

export interface ChatInput {
  message: unknown;
  conversationId?: unknown;
}

export interface ChatSession {
  conversationId: string;
  /** Meta, then text deltas and citations, usage, an error if any, done. Never throws. */
  events: AsyncIterable<ChatEvent>;
}

/**
 * Grounded chat (RAG): retrieval is semantic search for this dealership; the retrieved vehicles go to the
 * model as data; the answer is released sentence by sentence only after `checkSentence` (citations of
 * retrieved vehicles only, every price/VIN/year/mileage that of a cited vehicle); costs go through
 * `withBudget` into the usage ledger; the conversation (bounded) is stored per dealership.
 */
export class ChatService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly ai: AiDeps | null,
    private readonly search: SemanticSearchService,
    private readonly usage: AiUsageService,
  ) {}

  /** Checks everything that can fail before streaming (so those failures are plain HTTP errors). */
  async start(principal: Principal, dealershipId: string, input: ChatInput): Promise<ChatSession> {
    authorizeDealership(principal, dealershipId, "read");
    const message = typeof input.message === "string" ? input.message.trim() : "";
    if (!message) {
      throw validationFailed('message is empty: ask about the vehicles, e.g. "Do you have a red pickup?"', [
        { path: ["message"], code: "empty", message: "must not be empty" },
      ]);
    }
    if (message.length > CHAT_MESSAGE_MAX_CHARS) {
      throw validationFailed(
        `message is ${message.length} characters; the limit is ${CHAT_MESSAGE_MAX_CHARS}`,
        [{ path: ["message"], code: "too_long", message: `at most ${CHAT_MESSAGE_MAX_CHARS} characters` }],
      );
    }
    if (!this.ai)
      throw serviceUnavailable("AI chat is not configured on this server (no chat/embedding providers)");
    const channel = principal.kind === "api_key" ? "public" : "staff";
    let conversation: StoredConversation | null;
    if (input.conversationId !== undefined && input.conversationId !== null) {
      const id = typeof input.conversationId === "string" ? input.conversationId : "";
      conversation = id && id.length <= 64 ? await this.repos.conversations.get(dealershipId, id) : null;
      if (!conversation) throw notFound("conversation", String(input.conversationId).slice(0, 64));
    } else {
      const now = this.clock.now();
      conversation = await this.repos.conversations.create({
        id: newId("cnv", now.getTime()),
        dealershipId,
        channel,
        now: now.toISOString(),
      });
    }
    return {
      conversationId: conversation.id,
      events: this.run(
        this.ai,
        dealershipId,
        conversation.id,
        conversation.version,
        readMessages(conversation.messages),
        message,
      ),
    };
  }

  private async *run(
    ai: AiDeps,
    dealershipId: string,
    conversationId: string,
    version: number,
    stored: StoredTurnMessage[],
    message: string,
  ): AsyncGenerator<ChatEvent> {
    const history = promptHistory(stored);
    let answer = "";
    const citedIds: string[] = [];
    let usage: UsageEntry | null = null;
    let withheld = 0;
    // Every way out of the answer ends with the done event (after the conversation is saved).
    // biome-ignore lint/suspicious/noConfusingLabels: a labelled try lets each early exit still reach `done`
    answering: try {
      let retrieved: Vehicle[];
      let retrieval: "semantic" | "structured" = "semantic";
      try {
        const found = await this.search.searchAuthorized(dealershipId, retrievalQuery(message, history), {
          limit: CHAT_RETRIEVAL_LIMIT,
        });
        retrieved = found.results.map((r) => r.vehicle);
        retrieval = found.mode;
      } catch {
        yield { type: "meta", conversationId, retrieval, retrieved: 0 };
        yield error("retrieval_failed", "the inventory could not be searched just now; please try again");
        break answering; // still ends with done
      }
      yield { type: "meta", conversationId, retrieval, retrieved: retrieved.length };
      if (retrieved.length === 0) {
        answer = NO_MATCH_ANSWER;
        yield { type: "text", delta: answer };
        yield {
          type: "usage",
          inputTokens: 0,
          outputTokens: 0,
          costMicroUsd: 0,
          provider: "none",
          model: "none",
        };
        break answering;
      }
      const byId = new Map(retrieved.map((v) => [v.id, v]));
      const budget = await this.usage.effectiveBudget(dealershipId);
      const model = withBudget(ai.chat, {
        ledger: new RepositoryUsageLedger(this.repos, this.clock, (e) => {
          usage = e;
        }),
        dealershipId,
        feature: "chat",
        ...(budget?.dailyMicroUsd != null ? { dailyMicroUsd: budget.dailyMicroUsd } : {}),
        ...(budget?.monthlyMicroUsd != null ? { monthlyMicroUsd: budget.monthlyMicroUsd } : {}),
        ...(ai.cheaperChat ? { cheaperModel: ai.cheaperChat } : {}),
      });
      const messages: ChatMessage[] = buildChatMessages(retrieved, history, message);
      const splitter = new SentenceSplitter();
      const release = function* (sentence: string): Generator<ChatEvent> {
        if (!sentence.trim()) {
          if (answer) {
            answer += sentence;
            yield { type: "text", delta: sentence };
          }
          return;
        }
        const check = checkSentence(sentence, byId);
        if (!check.ok) {
          withheld++;
          return;
        }
        answer += sentence;
        yield { type: "text", delta: sentence };
        for (const id of check.cited) {
          if (citedIds.includes(id)) continue;
          citedIds.push(id);
          const v = byId.get(id)!;
          yield {
            type: "citation",
            vehicleId: v.id,
            year: v.year,
            make: v.make,
            model: v.model,
            trim: v.trim,
            price: v.price,
            mileage: v.mileage,
            vin: v.vin,
          };
        }
      };
      let failure: ChatEvent | null = null;
      try {
        for await (const ev of model.stream({ messages })) {
          if (ev.type !== "text") continue;
          for (const sentence of splitter.push(ev.delta)) yield* release(sentence);
        }
        yield* release(splitter.flush());
      } catch (err) {
        failure = llmFailure(err, answer.length > 0);
      }
      if (withheld > 0) {
        const note = WITHHELD_NOTE(withheld);
        answer += note;
        yield { type: "text", delta: note };
      }
      if (!failure && answer.trim() === "") {
        answer = NO_MATCH_ANSWER;
        yield { type: "text", delta: answer };
      }
      const u = usage as UsageEntry | null;
      if (u) {
        yield {
          type: "usage",
          inputTokens: u.inputTokens,
          outputTokens: u.outputTokens,
          costMicroUsd: u.costMicroUsd,
          provider: u.provider,
          model: u.modelId,
        };
      }
      if (failure) yield failure;
    } catch {
      yield error("internal_error", "the answer could not be completed; please try again");
    } finally {
      await this.save(dealershipId, conversationId, version, stored, message, answer, citedIds).catch(
        () => {},
      );
    }
    yield { type: "done", withheld };
  }

  private async save(
    dealershipId: string,
    conversationId: string,
    version: number,
    stored: StoredTurnMessage[],
    message: string,
    answer: string,
    citations: string[],
  ): Promise<void> {
    const at = this.clock.now().toISOString();
    const turn: StoredTurnMessage[] = [
      { role: "user", content: message, at },
      { role: "assistant", content: answer, at, citations },
    ];
    let base = stored;
    let expected = version;
    for (let attempt = 0; attempt < 3; attempt++) {
      const messages = appendTurn(base, turn);
      const saved = await this.repos.conversations.save(dealershipId, conversationId, expected, {
        messages,
        turns: messages.filter((m) => m.role === "user").length,
        now: at,
      });
      if (saved) return;
      // Another message of the same conversation saved first: append to its state.
      const fresh = await this.repos.conversations.get(dealershipId, conversationId);
      if (!fresh) return;
      base = readMessages(fresh.messages);
      expected = fresh.version;
    }
  }
}

function error(code: ChatErrorCode, message: string): ChatEvent {
  return { type: "error", code, message };
}

function llmFailure(err: unknown, hadText: boolean): ChatEvent {
  if (err instanceof LlmError) {
    if (err.code === "budget_exceeded") return error("budget_exceeded", err.message);
    if (err.code === "rate_limited")
      return error("rate_limited", "the AI provider is rate-limiting us; try again shortly");
    if (hadText || err.code === "stream_interrupted")
      return error(
        "stream_interrupted",
        "the AI provider stopped in the middle of the answer; the part shown was checked",
      );
    return error("provider_unavailable", `the AI provider is unavailable (${err.code}); please try again`);
  }
  return error("internal_error", "the answer could not be completed; please try again");
}

/** Retrieval text: the message, plus the previous question for short follow-ups ("cheaper ones?"). */
export function retrievalQuery(message: string, history: readonly ChatMessage[]): string {
  const words = message.split(/\s+/).filter(Boolean);
  const previous = [...history].reverse().find((m) => m.role === "user")?.content;
  const text = previous && words.length <= 4 ? `${previous} ${message}` : message;
  return text.slice(0, SEARCH_QUERY_MAX_CHARS);
}
