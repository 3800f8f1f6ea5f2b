import { sql } from "drizzle-orm";
import type { AiBudget, AiUsageDay, AiUsageRepository, AiUsageWrite } from "../repositories";
import { toNumber, toNumberOrNull } from "../sql/decode";
import type { SqlExecutor } from "../sql/executor";
import { normaliseIso } from "../time";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkAmount(name: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  return n;
}

/** The AI usage ledger and per-dealership AI budgets (dealerships.ai_*_budget_micro_usd). */
export function aiUsageRepository(exec: SqlExecutor): AiUsageRepository {
  const readBudget = async (dealershipId: string): Promise<AiBudget | null> => {
    const [row] = await exec.query(sql`
      SELECT ai_daily_budget_micro_usd AS daily, ai_monthly_budget_micro_usd AS monthly
      FROM dealerships WHERE id = ${dealershipId} AND ${exec.dialect.freshRead}`);
    if (!row) return null;
    return { dailyMicroUsd: toNumberOrNull(row.daily), monthlyMicroUsd: toNumberOrNull(row.monthly) };
  };
  return {
    async record(e: AiUsageWrite): Promise<void> {
      const at = normaliseIso(e.at);
      await exec.query(sql`
        INSERT INTO ai_usage (id, dealership_id, feature, provider, model_id, input_tokens, output_tokens, cost_micro_usd, day, at)
        VALUES (${e.id}, ${e.dealershipId}, ${e.feature}, ${e.provider}, ${e.modelId},
                ${checkAmount("inputTokens", e.inputTokens)}, ${checkAmount("outputTokens", e.outputTokens)},
                ${checkAmount("costMicroUsd", e.costMicroUsd)}, ${at.slice(0, 10)}, ${at})
        ON CONFLICT (id) DO NOTHING`);
    },

    async spentSince(dealershipId: string, since: string): Promise<number> {
      const [row] = await exec.query(sql`
        SELECT COALESCE(SUM(cost_micro_usd), 0) AS spent FROM ai_usage
        WHERE dealership_id = ${dealershipId} AND at >= ${normaliseIso(since)} AND ${exec.dialect.freshRead}`);
      return toNumber(row?.spent ?? 0);
    },

    async byDay(dealershipId, { fromDay, toDay }): Promise<AiUsageDay[]> {
      if (!DAY.test(fromDay) || !DAY.test(toDay)) throw new RangeError("days must be YYYY-MM-DD");
      const rows = await exec.query(sql`
        SELECT day, feature, COUNT(*) AS calls, SUM(input_tokens) AS input_tokens,
               SUM(output_tokens) AS output_tokens, SUM(cost_micro_usd) AS cost
        FROM ai_usage
        WHERE dealership_id = ${dealershipId} AND day >= ${fromDay} AND day <= ${toDay}
        GROUP BY day, feature
        ORDER BY day, feature`);
      return rows.map((r) => ({
        day: String(r.day),
        feature: String(r.feature),
        calls: toNumber(r.calls),
        inputTokens: toNumber(r.input_tokens),
        outputTokens: toNumber(r.output_tokens),
        costMicroUsd: toNumber(r.cost),
      }));
    },

    getBudget: readBudget,

    async setBudget(dealershipId, budget, now): Promise<AiBudget | null> {
      const current = await readBudget(dealershipId);
      if (!current) return null;
      const next: AiBudget = {
        dailyMicroUsd: budget.dailyMicroUsd === undefined ? current.dailyMicroUsd : budget.dailyMicroUsd,
        monthlyMicroUsd:
          budget.monthlyMicroUsd === undefined ? current.monthlyMicroUsd : budget.monthlyMicroUsd,
      };
      for (const [k, v] of Object.entries(next)) if (v !== null) checkAmount(k, v);
      const [row] = await exec.query(sql`
        UPDATE dealerships SET ai_daily_budget_micro_usd = ${next.dailyMicroUsd},
               ai_monthly_budget_micro_usd = ${next.monthlyMicroUsd}, updated_at = ${normaliseIso(now)}
        WHERE id = ${dealershipId}
        RETURNING ai_daily_budget_micro_usd AS daily, ai_monthly_budget_micro_usd AS monthly`);
      if (!row) return null;
      return { dailyMicroUsd: toNumberOrNull(row.daily), monthlyMicroUsd: toNumberOrNull(row.monthly) };
    },
  };
}
