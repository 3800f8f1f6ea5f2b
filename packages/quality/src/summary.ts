/** summarizeDealership: the per-dealership quality summary (GET /v1/dealerships/{id}/quality). */

import { round } from "./stats";
import type { DealershipQualitySummary, FlagSeverity, ScoreBucket } from "./types";

export interface SummaryInput {
  vehicleId: string;
  score: number;
  flags: readonly { code: string; severity?: FlagSeverity | string }[];
}

export interface SummaryOptions {
  /** How many worst listings to return. Default 10, at most 1,000. */
  worst?: number;
}

function bucketsTemplate(): ScoreBucket[] {
  return Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? "90–100" : `${i * 10}–${i * 10 + 9}`,
    from: i * 10,
    to: i === 9 ? 100 : i * 10 + 9,
    count: 0,
  }));
}

export function summarizeDealership(
  reports: readonly SummaryInput[],
  opts: SummaryOptions = {},
): DealershipQualitySummary {
  const worstN = Math.max(0, Math.min(1_000, Math.floor(Number.isFinite(opts.worst) ? opts.worst! : 10)));
  const distribution = bucketsTemplate();
  const flagCounts = new Map<string, number>();
  const severityCounts: Record<FlagSeverity, number> = { error: 0, warning: 0, info: 0 };
  const rows: { vehicleId: string; score: number; flags: string[]; errors: number }[] = [];
  let skipped = 0;
  for (const r of Array.isArray(reports) ? reports : []) {
    if (typeof r !== "object" || r === null || typeof r.score !== "number" || !Number.isFinite(r.score)) {
      skipped++;
      continue;
    }
    const score = Math.min(100, Math.max(0, Math.round(r.score)));
    const codes = new Set<string>();
    const severities = new Set<string>();
    let errors = 0;
    for (const f of Array.isArray(r.flags) ? r.flags : []) {
      if (typeof f !== "object" || f === null || typeof f.code !== "string") continue;
      codes.add(f.code);
      if (typeof f.severity === "string") severities.add(f.severity);
      if (f.severity === "error") errors++;
    }
    for (const c of codes) flagCounts.set(c, (flagCounts.get(c) ?? 0) + 1);
    for (const s of ["error", "warning", "info"] as const) if (severities.has(s)) severityCounts[s]++;
    distribution[Math.min(9, Math.floor(score / 10))]!.count++;
    rows.push({ vehicleId: String(r.vehicleId), score, flags: [...codes].sort(), errors });
  }
  const scores = rows.map((r) => r.score).sort((a, b) => a - b);
  const n = scores.length;
  const mid = n === 0 ? null : n % 2 === 1 ? scores[(n - 1) / 2]! : (scores[n / 2 - 1]! + scores[n / 2]!) / 2;
  const worst = [...rows]
    .sort(
      (a, b) =>
        a.score - b.score ||
        b.errors - a.errors ||
        (a.vehicleId < b.vehicleId ? -1 : a.vehicleId > b.vehicleId ? 1 : 0),
    )
    .slice(0, worstN)
    .map(({ vehicleId, score, flags }) => ({ vehicleId, score, flags }));
  return {
    count: n,
    skipped,
    averageScore: n === 0 ? null : round(scores.reduce((s, x) => s + x, 0) / n, 1),
    median: mid,
    distribution,
    worst,
    flagCounts: [...flagCounts]
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    severityCounts,
  };
}
