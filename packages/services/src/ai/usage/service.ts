import type { AiBudget, AiUsageDay, Repositories } from "@forecourt/db";
import type { Principal } from "@forecourt/domain";
import type { Clock } from "../../clock";
import { notFound, validationFailed } from "../../errors";
import { authorizeDealership } from "../../policy";

/** Budgets in force for a dealership: its own setting, else the configured default; null = no limit. */
export interface EffectiveBudget {
  dailyMicroUsd: number | null;
  monthlyMicroUsd: number | null;
  /** Where each value came from. */
  source: { daily: "dealership" | "default"; monthly: "dealership" | "default" };
}

export interface AiUsageReport {
  dealershipId: string;
  from: string;
  to: string;
  days: AiUsageDay[];
  totals: { calls: number; inputTokens: number; outputTokens: number; costMicroUsd: number };
  budget: EffectiveBudget & { spentTodayMicroUsd: number; spentThisMonthMicroUsd: number };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const USAGE_RANGE_MAX_DAYS = 366;
/** Largest budget accepted: $1,000,000 a day or month. */
export const BUDGET_MAX_MICRO_USD = 1_000_000 * 1_000_000;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const validDay = (s: string) =>
  DAY.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && dayOf(new Date(`${s}T00:00:00Z`)) === s;

/** AI usage per dealership (for the admin chart) and the dealership's AI budgets. */
export class AiUsageService {
  constructor(
    private readonly repos: Repositories,
    private readonly clock: Clock,
    private readonly defaults: { dailyMicroUsd: number | null; monthlyMicroUsd: number | null },
  ) {}

  /** The budgets in force (no authorization: callers are services acting for an authorized request). */
  async effectiveBudget(dealershipId: string): Promise<EffectiveBudget | null> {
    const own = await this.repos.aiUsage.getBudget(dealershipId);
    if (!own) return null;
    return {
      dailyMicroUsd: own.dailyMicroUsd ?? this.defaults.dailyMicroUsd,
      monthlyMicroUsd: own.monthlyMicroUsd ?? this.defaults.monthlyMicroUsd,
      source: {
        daily: own.dailyMicroUsd === null ? "default" : "dealership",
        monthly: own.monthlyMicroUsd === null ? "default" : "dealership",
      },
    };
  }

  async report(
    principal: Principal,
    dealershipId: string,
    range: { from?: string; to?: string },
  ): Promise<AiUsageReport> {
    authorizeDealership(principal, dealershipId, "read");
    const now = this.clock.now();
    const to = range.to ?? dayOf(now);
    const issues = [];
    // `to` is checked before the default `from` is derived from it (an invalid `to` has no day to count back from).
    if (!validDay(to)) issues.push({ path: ["to"], code: "invalid_date", message: "use a date YYYY-MM-DD" });
    const from =
      range.from ?? (issues.length ? "" : dayOf(new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000)));
    if (range.from !== undefined && !validDay(from))
      issues.push({ path: ["from"], code: "invalid_date", message: "use a date YYYY-MM-DD" });
    if (issues.length) throw validationFailed("from and to must be calendar dates (YYYY-MM-DD, UTC)", issues);
    const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1;
    if (span < 1 || span > USAGE_RANGE_MAX_DAYS) {
      throw validationFailed(
        `from must be on or before to, and the range at most ${USAGE_RANGE_MAX_DAYS} days`,
        [{ path: ["from"], code: "invalid_range", message: `range is ${span} days` }],
      );
    }
    const budget = await this.effectiveBudget(dealershipId);
    if (!budget) throw notFound("dealership", dealershipId);
    const days = await this.repos.aiUsage.byDay(dealershipId, { fromDay: from, toDay: to });
    const totals = { calls: 0, inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };
    for (const d of days) {
      totals.calls += d.calls;
      totals.inputTokens += d.inputTokens;
      totals.outputTokens += d.outputTokens;
      totals.costMicroUsd += d.costMicroUsd;
    }
    const today = `${dayOf(now)}T00:00:00.000Z`;
    const month = `${dayOf(now).slice(0, 7)}-01T00:00:00.000Z`;
    const [spentToday, spentMonth] = await Promise.all([
      this.repos.aiUsage.spentSince(dealershipId, today),
      this.repos.aiUsage.spentSince(dealershipId, month),
    ]);
    return {
      dealershipId,
      from,
      to,
      days,
      totals,
      budget: { ...budget, spentTodayMicroUsd: spentToday, spentThisMonthMicroUsd: spentMonth },
    };
  }

  /** Sets or clears (null) the dealership's own budgets; dealer admins and operators only. */
  async setBudget(
    principal: Principal,
    dealershipId: string,
    patch: Partial<AiBudget>,
  ): Promise<EffectiveBudget> {
    authorizeDealership(principal, dealershipId, "admin");
    const issues = [];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null) continue;
      if (!Number.isSafeInteger(v) || v < 0 || v > BUDGET_MAX_MICRO_USD)
        issues.push({
          path: [k],
          code: "invalid_budget",
          message: `must be an integer from 0 to ${BUDGET_MAX_MICRO_USD}`,
        });
    }
    if (issues.length)
      throw validationFailed("budgets are integer micro-dollars (1 USD = 1,000,000)", issues);
    const saved = await this.repos.aiUsage.setBudget(dealershipId, patch, this.clock.now().toISOString());
    if (!saved) throw notFound("dealership", dealershipId);
    const effective = await this.effectiveBudget(dealershipId);
    if (!effective) throw notFound("dealership", dealershipId);
    return effective;
  }
}
