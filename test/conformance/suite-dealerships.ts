import { expect } from "vitest";
import { InvalidCursorError } from "../../packages/db/src/index";
import { at, newDealership, uid } from "./fixtures";
import type { SuiteContext } from "./repository-suite";

export function dealershipCases({ repos, test }: SuiteContext) {
  test("create returns the stored dealership and get reads it back", async () => {
    const input = newDealership({ name: "Ünïcødé Autos 🚙", now: "2026-03-01T02:00:00+02:00" });
    const created = await repos().dealerships.create(input);
    expect(created).toEqual({
      id: input.id,
      name: "Ünïcødé Autos 🚙",
      websiteUrl: input.websiteUrl,
      timezone: input.timezone,
      scrapeSchedule: input.scrapeSchedule,
      rateLimits: input.rateLimits,
      status: "active",
      createdAt: "2026-03-01T00:00:00.000Z",
      updatedAt: "2026-03-01T00:00:00.000Z",
    });
    expect(await repos().dealerships.get(input.id)).toEqual(created);
  });

  test("get of an unknown id is null", async () => {
    expect(await repos().dealerships.get(uid("missing"))).toBeNull();
  });

  test("create with an existing id fails", async () => {
    const input = newDealership();
    await repos().dealerships.create(input);
    await expect(repos().dealerships.create({ ...input, name: "Other" })).rejects.toThrow();
    expect((await repos().dealerships.get(input.id))?.name).toBe(input.name);
  });

  test("update patches only the given fields and bumps updatedAt; null for an unknown id", async () => {
    const created = await repos().dealerships.create(newDealership());
    const updated = await repos().dealerships.update(
      created.id,
      { name: "Renamed", scrapeSchedule: { enabled: false, cron: "15 4 * * 1" }, status: "paused" },
      at(5),
    );
    expect(updated).toEqual({
      ...created,
      name: "Renamed",
      scrapeSchedule: { enabled: false, cron: "15 4 * * 1" },
      status: "paused",
      updatedAt: at(5),
    });
    expect(await repos().dealerships.get(created.id)).toEqual(updated);
    expect(await repos().dealerships.update(uid("missing"), { name: "x" }, at(6))).toBeNull();
  });

  test("update with an empty patch changes nothing", async () => {
    const created = await repos().dealerships.create(newDealership());
    expect(await repos().dealerships.update(created.id, {}, at(9))).toEqual(created);
  });

  test("list pages by id, restricted to the ids filter", async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await repos().dealerships.create(newDealership()));
    const wanted = made.filter((_, i) => i !== 3).map((d) => d.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await repos().dealerships.list({ ids: [...wanted].reverse(), limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual([...wanted].sort());
    expect(pages).toBe(3);
    expect(await repos().dealerships.list({ ids: [], limit: 5 })).toEqual({ items: [], nextCursor: null });
    expect((await repos().dealerships.list({ ids: [uid("missing")], limit: 5 })).items).toEqual([]);
  });

  test("list without ids walks every dealership in id order", async () => {
    const mine = await repos().dealerships.create(newDealership());
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await repos().dealerships.list({ limit: 50, cursor });
      all.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toContain(mine.id);
    expect([...all].sort()).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
  });

  test("list rejects a malformed or tampered cursor", async () => {
    for (let i = 0; i < 3; i++) await repos().dealerships.create(newDealership());
    const page = await repos().dealerships.list({ limit: 1 });
    const cursor = page.nextCursor as string;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const tampered = `${cursor.slice(0, -2)}${cursor.endsWith("A") ? "B" : "A"}${cursor.slice(-1)}`;
    for (const bad of [tampered, "not a cursor", "", "e30", btoa('["dealerships","zzz"]')]) {
      await expect(repos().dealerships.list({ limit: 1, cursor: bad })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
  });
}
