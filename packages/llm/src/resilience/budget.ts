import { approxMessageTokens } from "../tokens";
import {
  type ChatModel,
  type ChatRequest,
  type ChatResult,
  type ChatStreamEvent,
  type EmbeddingModel,
  type EmbeddingResult,
  LlmError,
  type TokenUsage,
  type UsageEntry,
  type UsageLedger,
} from "../types";
import { utcDayStart, utcMonthStart } from "../usage-ledger";
import { type Clock, systemClock } from "./clock";
import { DelegatingChatModel, resolveModel } from "./delegate";

export interface BudgetOptions {
  ledger: UsageLedger;
  dealershipId: string;
  feature: UsageEntry["feature"];
  /** Micro-dollars per UTC day; omitted = no daily limit. */
  dailyMicroUsd?: number;
  /** Micro-dollars per UTC calendar month; omitted = no monthly limit. */
  monthlyMicroUsd?: number;
  /** Used instead when the main model's estimate does not fit but this one's does. */
  cheaperModel?: ChatModel;
  clock?: Clock;
  /** Told when a call is degraded to the cheaper model. */
  onDegrade?: (info: { estimateMicroUsd: number; cheaperEstimateMicroUsd: number }) => void;
}

interface Headroom {
  daily: number;
  monthly: number;
}

async function headroom(o: BudgetOptions, now: number): Promise<Headroom> {
  const daily =
    o.dailyMicroUsd === undefined
      ? Number.POSITIVE_INFINITY
      : o.dailyMicroUsd - (await o.ledger.spentSince(o.dealershipId, utcDayStart(now)));
  const monthly =
    o.monthlyMicroUsd === undefined
      ? Number.POSITIVE_INFINITY
      : o.monthlyMicroUsd - (await o.ledger.spentSince(o.dealershipId, utcMonthStart(now)));
  return { daily, monthly };
}

function validate(o: BudgetOptions) {
  if (!o.ledger || typeof o.ledger.record !== "function")
    throw new Error("withBudget: a UsageLedger is required");
  if (!o.dealershipId) throw new Error("withBudget: dealershipId is required");
  for (const k of ["dailyMicroUsd", "monthlyMicroUsd"] as const) {
    const v = o[k];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new Error(`withBudget: ${k} must be >= 0`);
  }
}

/**
 * A dealership's spending limit around a chat model. Before a call: today's and this month's spend plus the
 * call's upper-bound estimate must fit both limits; otherwise the cheaper model is used if ITS estimate fits,
 * else LlmError("budget_exceeded") is thrown and nothing is called. After the call the actual usage is
 * recorded exactly once, priced at the model that answered: also for streams, also when a stream breaks or the
 * reader stops early (then input is the estimate and output the text actually delivered, ceil(chars/4)). A
 * call that failed before any text is not charged. Concurrent calls are checked independently (no
 * reservation): a burst can pass the limit by at most the estimates in flight.
 */
export class BudgetedChatModel extends DelegatingChatModel {
  readonly #o: BudgetOptions;
  readonly #clock: Clock;
  constructor(inner: ChatModel, options: BudgetOptions) {
    super(inner);
    validate(options);
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }

  async #choose(request: ChatRequest): Promise<ChatModel> {
    const now = this.#clock.now();
    const room = await headroom(this.#o, now);
    const est = this.inner.estimateCost(request).costMicroUsd;
    if (est <= room.daily && est <= room.monthly) return this.inner;
    const cheaper = this.#o.cheaperModel;
    if (cheaper) {
      const c = cheaper.estimateCost(request).costMicroUsd;
      if (c <= room.daily && c <= room.monthly) {
        this.#o.onDegrade?.({ estimateMicroUsd: est, cheaperEstimateMicroUsd: c });
        return cheaper;
      }
    }
    const which = est > room.daily ? "daily" : "monthly";
    const limit = which === "daily" ? this.#o.dailyMicroUsd! : this.#o.monthlyMicroUsd!;
    const left = Math.max(0, which === "daily" ? room.daily : room.monthly);
    const resets =
      which === "daily"
        ? utcDayStart(now + 86_400_000)
        : utcMonthStart(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 1));
    throw new LlmError(
      "budget",
      "budget_exceeded",
      `AI budget exceeded for dealership ${this.#o.dealershipId} (${this.#o.feature}): the ${which} limit is ${fmt(limit)}, ${fmt(left)} is left and this call may cost up to ${fmt(est)}${cheaper ? " (the cheaper model does not fit either)" : ""}. The limit resets at ${resets}.`,
      { retryable: false },
    );
  }

  async #record(chosen: ChatModel, provider: string, modelId: string, usage: TokenUsage): Promise<void> {
    const answering = resolveModel(chosen, provider, modelId) ?? chosen;
    await this.#o.ledger.record({
      dealershipId: this.#o.dealershipId,
      feature: this.#o.feature,
      provider,
      modelId,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      costMicroUsd: answering.cost(usage),
      at: new Date(this.#clock.now()).toISOString(),
    });
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const model = await this.#choose(request);
    const r = await model.chat(request);
    await this.#record(model, r.provider, r.modelId, r.usage);
    return r;
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatStreamEvent> {
    const model = await this.#choose(request);
    let usage: TokenUsage | null = null;
    let provider = model.provider;
    let modelId = model.modelId;
    let chars = 0;
    let charged = false;
    try {
      for await (const ev of model.stream(request)) {
        if (ev.type === "text") chars += ev.delta.length;
        else if (ev.type === "usage") usage = ev.usage;
        else if (ev.type === "done") {
          provider = ev.provider;
          modelId = ev.modelId;
        }
        yield ev;
      }
    } finally {
      if (!charged && (usage !== null || chars > 0)) {
        charged = true;
        await this.#record(
          model,
          provider,
          modelId,
          usage ?? { inputTokens: approxMessageTokens(request.messages), outputTokens: Math.ceil(chars / 4) },
        );
      }
    }
  }
}

function fmt(microUsd: number): string {
  return `$${(microUsd / 1e6).toFixed(6).replace(/0{1,4}$/, "")}`;
}

export function withBudget(model: ChatModel, options: BudgetOptions): ChatModel {
  return new BudgetedChatModel(model, options);
}

export interface EmbeddingUsageOptions {
  ledger: UsageLedger;
  dealershipId: string;
  feature?: UsageEntry["feature"];
  /** Optional limits: refuse (budget_exceeded) when already spent >= limit (embeddings never degrade). */
  dailyMicroUsd?: number;
  monthlyMicroUsd?: number;
  clock?: Clock;
}

/** Records each embed() call's usage for a dealership (feature "embedding" by default). */
export class AccountedEmbeddingModel implements EmbeddingModel {
  readonly #o: EmbeddingUsageOptions;
  readonly #clock: Clock;
  constructor(
    private readonly inner: EmbeddingModel,
    options: EmbeddingUsageOptions,
  ) {
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
  }
  get provider() {
    return this.inner.provider;
  }
  get modelId() {
    return this.inner.modelId;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  get limits() {
    return this.inner.limits;
  }
  get pricing() {
    return this.inner.pricing;
  }
  cost(usage: { inputTokens: number }): number {
    return this.inner.cost(usage);
  }
  async embed(texts: string[], options?: { signal?: AbortSignal }): Promise<EmbeddingResult> {
    const now = this.#clock.now();
    const room = await headroom({ ...this.#o, feature: this.#o.feature ?? "embedding" }, now);
    if (room.daily <= 0 || room.monthly <= 0) {
      throw new LlmError(
        "budget",
        "budget_exceeded",
        `AI budget exceeded for dealership ${this.#o.dealershipId} (embedding): no ${room.daily <= 0 ? "daily" : "monthly"} budget left`,
        {
          retryable: false,
        },
      );
    }
    const r = await this.inner.embed(texts, options);
    if (r.usage.inputTokens > 0) {
      await this.#o.ledger.record({
        dealershipId: this.#o.dealershipId,
        feature: this.#o.feature ?? "embedding",
        provider: this.inner.provider,
        modelId: this.inner.modelId,
        inputTokens: r.usage.inputTokens,
        outputTokens: 0,
        costMicroUsd: this.inner.cost(r.usage),
        at: new Date(this.#clock.now()).toISOString(),
      });
    }
    return r;
  }
}

export function withEmbeddingUsage(model: EmbeddingModel, options: EmbeddingUsageOptions): EmbeddingModel {
  return new AccountedEmbeddingModel(model, options);
}
