import type { UsageEntry, UsageLedger } from "./types";

/** In-memory UsageLedger for tests and the embedded default (the Workers use a DB-backed one). */
export class MemoryUsageLedger implements UsageLedger {
  readonly #entries: UsageEntry[] = [];

  async record(entry: UsageEntry): Promise<void> {
    if (!entry.dealershipId) throw new Error("usage entry needs a dealershipId");
    for (const k of ["inputTokens", "outputTokens", "costMicroUsd"] as const) {
      if (!Number.isInteger(entry[k]) || entry[k] < 0)
        throw new Error(`usage entry ${k} must be a non-negative integer`);
    }
    if (Number.isNaN(Date.parse(entry.at))) throw new Error("usage entry `at` must be an ISO-8601 time");
    this.#entries.push({ ...entry });
  }

  async spentSince(dealershipId: string, since: string): Promise<number> {
    const t = Date.parse(since);
    let sum = 0;
    for (const e of this.#entries)
      if (e.dealershipId === dealershipId && Date.parse(e.at) >= t) sum += e.costMicroUsd;
    return sum;
  }

  /** A copy of every entry, in recording order. */
  entries(filter: Partial<Pick<UsageEntry, "dealershipId" | "feature" | "provider">> = {}): UsageEntry[] {
    return this.#entries
      .filter(
        (e) =>
          (filter.dealershipId === undefined || e.dealershipId === filter.dealershipId) &&
          (filter.feature === undefined || e.feature === filter.feature) &&
          (filter.provider === undefined || e.provider === filter.provider),
      )
      .map((e) => ({ ...e }));
  }
}

/** Start of the UTC day / month containing `ms`, as ISO-8601. */
export function utcDayStart(ms: number): string {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();
}
export function utcMonthStart(ms: number): string {
  const d = new Date(ms);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)).toISOString();
}
