import { expect } from "vitest";
import { at, newDealership, uid } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

const usage = (dealershipId: string, minutes: number, overrides: Record<string, unknown> = {}) => ({
  id: uid("use"),
  dealershipId,
  feature: "chat" as const,
  provider: "local",
  modelId: "local-extractive-1",
  inputTokens: 100,
  outputTokens: 20,
  costMicroUsd: 1_500,
  at: at(minutes),
  ...overrides,
});

/** AI usage ledger, budgets and conversations (migration 0003_ai). */
export function aiCases({ repos, test }: SuiteContext) {
  test("usage: record, spentSince (inclusive) and per-day totals by feature", async () => {
    const d = await repos().dealerships.create(newDealership());
    const ledger = repos().aiUsage;
    await ledger.record(usage(d.id, 10));
    await ledger.record(
      usage(d.id, 20, { feature: "search", inputTokens: 7, outputTokens: 0, costMicroUsd: 3 }),
    );
    await ledger.record(usage(d.id, 24 * 60 + 5, { costMicroUsd: 2_000 }));
    expect(await ledger.spentSince(d.id, at(0))).toBe(3_503);
    expect(await ledger.spentSince(d.id, at(20))).toBe(2_003);
    expect(await ledger.spentSince(d.id, at(24 * 60 + 6))).toBe(0);
    expect(await ledger.byDay(d.id, { fromDay: "2026-03-01", toDay: "2026-03-02" })).toEqual([
      {
        day: "2026-03-01",
        feature: "chat",
        calls: 1,
        inputTokens: 100,
        outputTokens: 20,
        costMicroUsd: 1_500,
      },
      { day: "2026-03-01", feature: "search", calls: 1, inputTokens: 7, outputTokens: 0, costMicroUsd: 3 },
      {
        day: "2026-03-02",
        feature: "chat",
        calls: 1,
        inputTokens: 100,
        outputTokens: 20,
        costMicroUsd: 2_000,
      },
    ]);
    expect(await ledger.byDay(d.id, { fromDay: "2026-03-02", toDay: "2026-03-02" })).toHaveLength(1);
  });

  test("usage: recording the same call id twice charges once", async () => {
    const d = await repos().dealerships.create(newDealership());
    const entry = usage(d.id, 30);
    await repos().aiUsage.record(entry);
    await repos().aiUsage.record(entry);
    expect(await repos().aiUsage.spentSince(d.id, at(0))).toBe(1_500);
  });

  test("usage: scoped by dealership", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    await repos().aiUsage.record(usage(a.id, 40));
    expect(await repos().aiUsage.spentSince(b.id, at(0))).toBe(0);
    expect(await repos().aiUsage.byDay(b.id, { fromDay: "2026-01-01", toDay: "2026-12-31" })).toEqual([]);
  });

  test("usage: negative amounts and unknown dealerships are refused, nothing written", async () => {
    const d = await repos().dealerships.create(newDealership());
    await expect(repos().aiUsage.record(usage(d.id, 50, { costMicroUsd: -1 }))).rejects.toThrow();
    await expect(repos().aiUsage.record(usage(uid("missing"), 50))).rejects.toThrow();
    expect(await repos().aiUsage.spentSince(d.id, at(0))).toBe(0);
  });

  test("budgets: default null, set, partial update, clear; null for unknown dealership", async () => {
    const d = await repos().dealerships.create(newDealership());
    const ledger = repos().aiUsage;
    expect(await ledger.getBudget(d.id)).toEqual({ dailyMicroUsd: null, monthlyMicroUsd: null });
    expect(
      await ledger.setBudget(d.id, { dailyMicroUsd: 5_000_000, monthlyMicroUsd: 90_000_000_000 }, at(1)),
    ).toEqual({
      dailyMicroUsd: 5_000_000,
      monthlyMicroUsd: 90_000_000_000,
    });
    expect(await ledger.setBudget(d.id, { dailyMicroUsd: null }, at(2))).toEqual({
      dailyMicroUsd: null,
      monthlyMicroUsd: 90_000_000_000,
    });
    expect(await ledger.getBudget(d.id)).toEqual({ dailyMicroUsd: null, monthlyMicroUsd: 90_000_000_000 });
    expect(await ledger.getBudget(uid("missing"))).toBeNull();
    expect(await ledger.setBudget(uid("missing"), { dailyMicroUsd: 1 }, at(2))).toBeNull();
    // the dealership itself reads as before
    expect((await repos().dealerships.get(d.id))?.name).toBe(d.name);
  });

  test("conversations: create, get scoped by dealership, save with optimistic version", async () => {
    const a = await repos().dealerships.create(newDealership());
    const b = await repos().dealerships.create(newDealership());
    const id = uid("conv");
    const created = await repos().conversations.create({
      id,
      dealershipId: a.id,
      channel: "public",
      now: at(1),
    });
    expect(created).toEqual({
      id,
      dealershipId: a.id,
      channel: "public",
      messages: [],
      turns: 0,
      version: 0,
      createdAt: at(1),
      updatedAt: at(1),
    });
    expect(await repos().conversations.get(b.id, id)).toBeNull();
    const messages = [
      { role: "user", content: 'red truck? "quoted" \u2028 émoji 🚗' },
      { role: "assistant", content: "Yes.", citations: ["veh_1"] },
    ];
    const saved = await repos().conversations.save(a.id, id, 0, { messages, turns: 1, now: at(2) });
    expect(saved).toMatchObject({ messages, turns: 1, version: 1, updatedAt: at(2) });
    // a stale version writes nothing
    expect(await repos().conversations.save(a.id, id, 0, { messages: [], turns: 9, now: at(3) })).toBeNull();
    // another dealership cannot write it
    expect(await repos().conversations.save(b.id, id, 1, { messages: [], turns: 9, now: at(3) })).toBeNull();
    expect(await repos().conversations.get(a.id, id)).toMatchObject({ messages, turns: 1, version: 1 });
  });
}
